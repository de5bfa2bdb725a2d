import { describe, expect, it } from 'vitest';
import { featureDigests, RECORDED_DIGESTS } from './featurize-cases.ts';

describe('featurize inside workerd', () => {
  it('gives bit for bit the features the committed classifier was trained on (digests recorded on Node)', async () => {
    expect(await featureDigests()).toEqual(RECORDED_DIGESTS);
  });
});
