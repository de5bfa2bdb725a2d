/**
 * The PII half of the sanitize stage. Per the caller's policy (tenant, key, route): `allow` passes
 * the request on untouched; `mask` replaces every finding in every caller-written text with a
 * placeholder such as `[EMAIL_1]` (the same value keeps its placeholder across messages), and,
 * when the policy unmasks responses, adds an output filter that puts the values back into the
 * answer; `block` refuses a request with any finding (400 policy_violation, code `pii_detected`;
 * the message names types and the field, never the value).
 */
import type { Context } from 'hono';
import type { SwitchyardConfig, Policy } from '../../../shared/config/schema.ts';
import { PolicyViolationError } from '../../../shared/errors/index.ts';
import { detectPii, PiiVault, type DetectPiiOptions, type PiiType } from '../../../shared/pii/index.ts';
import { keyPolicy, tightenPolicy } from '../../../shared/pii/policy.ts';
import type { AppEnv } from '../../context.ts';
import { mapBodyTexts } from './request-texts.ts';
import type { SanitizeCheck } from './check.ts';

export interface PiiCheckOptions {
  /** For per-route policies and the tenant policy of callers whose key store does not carry it (JWT, KV). */
  config?: SwitchyardConfig;
  /** Passed to the scanner (types, minimum score, phone regions). */
  detect?: DetectPiiOptions;
}

/** The effective policy: the key's (tenant + key overrides), then the route's tightening. */
export function requestPolicy(c: Context<AppEnv>, config: SwitchyardConfig | undefined): Policy {
  const auth = c.get('auth');
  const tenant = config?.tenants.find((candidate) => candidate.id === auth?.tenantId);
  const base = auth?.policy ?? keyPolicy(tenant?.policy, undefined);
  const model = c.get('body')?.request.model;
  const route = model === undefined ? undefined : config?.routes.find((candidate) => candidate.id === model);
  return tightenPolicy(base, route?.policy);
}

/**
 * Builds the PII check.
 *
 * @param options.config enables per-route policies (`routes[].policy`)
 * @param options.detect scanner options (default: every type, minimum score 0.5)
 * @example sanitize({ checks: [piiCheck({ config })] })
 */
export function piiCheck({ config, detect = {} }: PiiCheckOptions = {}): SanitizeCheck {
  return {
    name: 'pii',
    run(c) {
      const policy = requestPolicy(c, config);
      const body = c.get('body');
      if (policy.pii === 'allow' || !body) return;
      if (policy.pii === 'block') {
        mapBodyTexts(body, (text, path) => {
          const found = detectPii(text, detect);
          if (found.length > 0) {
            c.set('piiFindings', countTypes(found.map((span) => span.type)));
            throw blocked(found.map((span) => span.type), path);
          }
          return text;
        });
        return;
      }
      const vault = new PiiVault(detect);
      const types = new Map<PiiType, number>();
      const masked = mapBodyTexts(body, (text) => {
        const { masked: maskedText, spans } = vault.maskDetailed(text);
        for (const span of spans) types.set(span.type, (types.get(span.type) ?? 0) + 1);
        return maskedText;
      });
      if (vault.size === 0) return;
      c.set('piiFindings', Object.fromEntries(types));
      c.set('body', masked);
      if (policy.unmaskResponses && masked.kind === 'chat') c.get('outputFilters').push(vault.outputFilter());
      c.get('logger').log('info', 'pii-mask', {
        requestId: c.get('requestId'),
        values: vault.size,
        types: [...types.entries()].map(([type, count]) => `${type}:${count}`).join(','),
      });
    },
  };
}

function countTypes(types: readonly PiiType[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function blocked(types: readonly PiiType[], path: string): PolicyViolationError {
  const named = [...new Set(types)].join(', ');
  return new PolicyViolationError({
    message: `This API key's policy does not allow personal data or secrets in requests (found ${named} in ${path}). Remove them and retry, or ask your administrator for a key whose policy masks them (pii: "mask").`,
    code: 'pii_detected',
    param: path,
  });
}
