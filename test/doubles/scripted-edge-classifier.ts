/**
 * A test double of the edge classifier with scripted injection scores, for tests that must put a
 * text exactly below, inside or above the second stage's uncertainty band. The manifest is the
 * real one; pass `threshold` to assessInjection to pin the edge verdict.
 */
import manifestJson from '../../models/classifier/edge-classifier.manifest.json';
import { ClassifierManifest, type Classification, type EdgeClassifier } from '../../shared/classifier/index.ts';

export interface ScriptedEdgeClassifier extends EdgeClassifier {
  /** The texts of each classify call, in order. */
  readonly calls: string[][];
}

/** Scores from `scores` (P(attack) per exact text), `defaultScore` for any other text. */
export function scriptedEdgeClassifier(scores: Readonly<Record<string, number>>, defaultScore = 0.001): ScriptedEdgeClassifier {
  const manifest = ClassifierManifest.parse(manifestJson);
  const calls: string[][] = [];
  return {
    manifest,
    calls,
    async classify(texts) {
      calls.push([...texts]);
      return texts.map((text): Classification => {
        const score = scores[text] ?? defaultScore;
        return {
          injection: { score, flagged: score >= manifest.thresholds.injection },
          route: { difficulty: 'simple', task: 'chat', confidence: 1, uncertain: false },
          probabilities: { injection: [1 - score, score], difficulty: [1, 0], task: manifest.labels.task.map((_, index) => (index === 0 ? 1 : 0)) },
        };
      });
    },
  };
}
