/**
 * A Worker used only by the classifier benchmark: POST /?n=N with a prompt as the body classifies
 * that prompt N times in the isolate (the driver sends the same prompt it measures on Node). Time
 * cannot be read inside workerd (clocks stand still while code runs), so the driver times requests
 * from outside and subtracts n=0.
 */
import { workerdClassifier } from '../../edge/classifier/workerd.ts';
import { featurize } from '../../shared/features/index.ts';

// wrangler.toml binds this Durable Object; a Worker run with that config must export it.
export { LimitsDurableObject } from '../../edge/adapters/limits-durable-object.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get('n') ?? 0);
    const mode = url.searchParams.get('mode') ?? 'classify';
    const text = await request.text();
    if (text.length < 2) return new Response('POST the prompt to classify as the body', { status: 400 });
    const classifier = await workerdClassifier();
    let checksum = 0;
    for (let index = 0; index < n; index++) {
      // Vary one character so nothing can be cached between iterations.
      const input = `${text.slice(0, -1)}${String.fromCharCode(97 + (index % 26))}`;
      if (mode === 'featurize') checksum += featurize(input, classifier.manifest.features).ids.length;
      else checksum += (await classifier.classify([input]))[0]?.injection.score ?? 0;
    }
    return Response.json({ n, checksum });
  },
};
