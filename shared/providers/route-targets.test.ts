import { describe, expect, it } from 'vitest';
import { Route } from '../config/schema.ts';
import { routeTargets } from './registry.ts';

const route = Route.parse({ id: 'auto', targets: ['default-model'], byDifficulty: { simple: ['small'], complex: ['large'] } });

describe('route targets by classifier decision', () => {
  it('picks the list for the difficulty, keeping the defaults as last fallbacks', () => {
    expect(routeTargets(route, { difficulty: 'simple', uncertain: false })).toEqual(['small', 'default-model']);
    expect(routeTargets(route, { difficulty: 'complex', uncertain: false })).toEqual(['large', 'default-model']);
  });

  it('escalates uncertain decisions to complex unless told otherwise', () => {
    expect(routeTargets(route, { difficulty: 'simple', uncertain: true })).toEqual(['large', 'default-model']);
    expect(routeTargets({ ...route, whenUncertain: 'default' }, { difficulty: 'simple', uncertain: true })).toEqual(['default-model']);
  });

  it('uses the defaults without a decision or without per-difficulty targets', () => {
    expect(routeTargets(route, undefined)).toEqual(['default-model']);
    expect(routeTargets(Route.parse({ id: 'plain', targets: ['a', 'b'] }), { difficulty: 'complex', uncertain: false })).toEqual(['a', 'b']);
  });
});
