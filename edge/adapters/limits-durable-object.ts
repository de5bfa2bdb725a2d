/**
 * The edge's limits store: one SQLite-backed Durable Object per subject (`key:<tenant>/<key>`,
 * `tenant:<tenant>`). A Durable Object runs one request at a time and the ledger's work is
 * synchronous, so each object's check-and-record is atomic. A request that needs two objects
 * (key and tenant) reserves on both at once and releases the one that admitted if the other
 * refused: never more than N get through; under a race, one can be refused that would have fit.
 */
import { ServiceUnavailableError } from '../../shared/errors/index.ts';
import { LimitLedger, type SqlDatabase, type SqlValue } from '../stages/03-limits/ledger.ts';
import { ReleaseRequest, ReserveDecision, ReserveRequest, SettleRequest, type Limiter, type SubjectState } from '../stages/03-limits/limiter.ts';

/** The slice of a SQLite-backed Durable Object's state this class uses. */
export interface LimitsObjectState {
  storage: {
    sql: { exec(query: string, ...bindings: SqlValue[]): { toArray(): Record<string, unknown>[] } };
    transactionSync<T>(work: () => T): T;
  };
}

function durableObjectDatabase(storage: LimitsObjectState['storage']): SqlDatabase {
  return {
    query: (sql, ...params) => storage.sql.exec(sql, ...params).toArray(),
    transaction: (work) => storage.transactionSync(work),
  };
}

/** The Durable Object class (exported from the Worker entry; `new_sqlite_classes` in wrangler.toml). */
export class LimitsDurableObject {
  readonly #ledger: LimitLedger;

  constructor(state: LimitsObjectState, _env: unknown) {
    this.#ledger = new LimitLedger(durableObjectDatabase(state.storage));
  }

  async fetch(request: Request): Promise<Response> {
    const body: unknown = await request.json();
    switch (new URL(request.url).pathname) {
      case '/reserve':
        return Response.json(this.#ledger.reserve(ReserveRequest.parse(body), Date.now()));
      case '/settle':
        this.#ledger.settle(SettleRequest.parse(body), Date.now());
        return new Response(null, { status: 204 });
      case '/release':
        this.#ledger.release(ReleaseRequest.parse(body));
        return new Response(null, { status: 204 });
      default:
        return new Response('not found', { status: 404 });
    }
  }
}

/** The slice of a Durable Object namespace binding the limiter uses. */
export interface LimitsNamespace {
  idFromName(name: string): unknown;
  get(id: never): { fetch(url: string, init: RequestInit): Promise<Response> };
}

/**
 * A Limiter over the LimitsDurableObject namespace.
 *
 * @example createEdgeApp({ …, limiter: durableObjectLimiter(env.SWITCHYARD_LIMITS) })
 */
export function durableObjectLimiter(namespace: LimitsNamespace): Limiter {
  if (!namespace) throw new Error('durableObjectLimiter requires "namespace"');
  async function call(subjectId: string, path: string, payload: unknown): Promise<Response> {
    const stub = namespace.get(namespace.idFromName(subjectId) as never);
    const response = await stub.fetch(`https://limits.internal${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (!response.ok) {
      throw new ServiceUnavailableError({ message: 'The limits store did not answer. Retry shortly.', code: 'limits_unavailable', retryAfterSeconds: 1 });
    }
    return response;
  }

  return {
    async reserve(request) {
      const decisions = await Promise.all(
        request.subjects.map(async (subject) => ReserveDecision.parse(await (await call(subject.id, '/reserve', { ...request, subjects: [subject] })).json())),
      );
      const subjects: SubjectState[] = decisions.flatMap((decision) => decision.subjects);
      const refused = decisions.find((decision) => !decision.admitted);
      if (!refused) return { admitted: true, subjects };
      const admittedIds = request.subjects.filter((_, index) => decisions[index]?.admitted).map((subject) => subject.id);
      await Promise.all(admittedIds.map((id) => call(id, '/release', { reservationId: request.reservationId, subjectIds: [id] })));
      return { ...refused, subjects };
    },
    async settle(request) {
      await Promise.all(request.subjectIds.map((id) => call(id, '/settle', { ...request, subjectIds: [id] })));
    },
  };
}
