/**
 * Splits one encoder batch into runs of similar length. An encoder that pads every sentence of a
 * run to the run's longest pays for each padded slot, and pays a fixed cost per run; one long
 * input among short ones can otherwise make every sentence of the batch as expensive as it.
 */

/**
 * Groups `lengths` (tokens per input) into runs that minimize
 * `runs x runCostInSlots + sum over runs of (inputs x longest)`, exactly (dynamic programming
 * over the lengths in ascending order). Returns input indices per run, shortest run first.
 *
 * @param runCostInSlots fixed cost of one run, in padded token slots
 * @example
 *   lengthBuckets([8, 9, 128, 10], 48) // [[0, 1, 3], [2]]
 */
export function lengthBuckets(lengths: readonly number[], runCostInSlots: number): number[][] {
  if (!(runCostInSlots >= 0)) throw new Error('lengthBuckets requires "runCostInSlots" >= 0');
  const order = lengths.map((_, index) => index).sort((left, right) => (lengths[left] ?? 0) - (lengths[right] ?? 0) || left - right);
  // cheapest[end]: best cost of the first `end` inputs in `order`; runStart[end]: where its last run starts.
  const cheapest = [0];
  const runStart = [0];
  for (let end = 1; end <= order.length; end++) {
    const longest = lengths[order[end - 1] ?? 0] ?? 0;
    let best = Number.POSITIVE_INFINITY;
    let bestStart = 0;
    for (let start = 0; start < end; start++) {
      const cost = (cheapest[start] ?? 0) + runCostInSlots + (end - start) * longest;
      if (cost < best) {
        best = cost;
        bestStart = start;
      }
    }
    cheapest.push(best);
    runStart.push(bestStart);
  }
  const runs: number[][] = [];
  for (let end = order.length; end > 0; end = runStart[end] ?? 0) runs.unshift(order.slice(runStart[end] ?? 0, end));
  return runs;
}
