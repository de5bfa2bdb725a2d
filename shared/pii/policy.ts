/**
 * How a request's policy (PII and prompt injection) is worked out: the tenant's policy, the key's overrides on top, then
 * the route's, which may only tighten (block > mask|flag > allow; answers are unmasked only when both
 * allow it).
 */
import type { InjectionAction, PiiAction, Policy, PolicyOverride } from '../config/schema.ts';

export const DEFAULT_POLICY: Policy = { pii: 'mask', unmaskResponses: true, injection: 'flag' };

const STRICTNESS: Record<PiiAction, number> = { allow: 0, mask: 1, block: 2 };
const INJECTION_STRICTNESS: Record<InjectionAction, number> = { allow: 0, flag: 1, block: 2 };

/** The tenant's policy (default when unknown) with a key's overrides applied; a key may loosen or tighten. */
export function keyPolicy(tenant: Policy | undefined, key: PolicyOverride | undefined): Policy {
  const base = tenant ?? DEFAULT_POLICY;
  return {
    ...base,
    ...(key?.pii ? { pii: key.pii } : {}),
    ...(key?.unmaskResponses !== undefined ? { unmaskResponses: key.unmaskResponses } : {}),
    ...(key?.injection ? { injection: key.injection } : {}),
  };
}

/** Applies a route's overrides, which can only make the policy stricter. */
export function tightenPolicy(policy: Policy, route: PolicyOverride | undefined): Policy {
  if (!route) return policy;
  const pii = route.pii && STRICTNESS[route.pii] > STRICTNESS[policy.pii] ? route.pii : policy.pii;
  const injection = route.injection && INJECTION_STRICTNESS[route.injection] > INJECTION_STRICTNESS[policy.injection] ? route.injection : policy.injection;
  return { ...policy, pii, injection, unmaskResponses: policy.unmaskResponses && route.unmaskResponses !== false };
}
