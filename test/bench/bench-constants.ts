/** Shared by the benchmark driver and its server process. */
export const BENCH_API_KEY = 'sk-bench-0123456789';
