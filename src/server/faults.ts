import { type Random, randomInt } from './random.js';
import type {
  FaultHandle,
  FaultKind,
  FaultRule,
  FaultScope,
  FaultStep,
  LatencySpec,
  LocalOperation,
} from './types.js';

const FAULT_KINDS: readonly FaultKind[] = [
  'internalError',
  'serviceUnavailable',
  'throttle',
  'accessDenied',
  'invalidKeyId',
  'hang',
  'reset',
  'malformed',
];

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

interface ActiveScript {
  readonly steps: readonly FaultStep[];
  readonly scope: FaultScope;
  position: number;
  fired: number;
}

/** Injected failures and latency: scripts (consumed step by step), then rules, checked per call. */
export class FaultInjector {
  #scripts: ActiveScript[] = [];
  #rules: ActiveRule[] = [];
  #latency: LatencySpec = 0;
  #latencyByOperation = new Map<string, LatencySpec>();

  constructor(private readonly random: Random) {}

  add(rule: FaultRule): FaultHandle {
    assertFaultKind(rule.kind);
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new TypeError(`Expected \`probability\` to be between 0 and 1, got ${rule.probability}`);
    }
    const active: ActiveRule = { rule, seen: 0, fired: 0 };
    this.#rules.push(active);
    return {
      get fired() {
        return active.fired;
      },
      remove: () => {
        this.#rules = this.#rules.filter((candidate) => candidate !== active);
      },
    };
  }

  script(steps: readonly FaultStep[], scope: FaultScope = {}): FaultHandle {
    for (const step of steps) if (step !== 'ok') assertFaultKind(step);
    const active: ActiveScript = { steps, scope, position: 0, fired: 0 };
    if (steps.length > 0) this.#scripts.push(active);
    return {
      get fired() {
        return active.fired;
      },
      remove: () => {
        this.#scripts = this.#scripts.filter((candidate) => candidate !== active);
      },
    };
  }

  setLatency(latency: LatencySpec, operation?: LocalOperation): void {
    assertLatency(latency);
    if (operation) this.#latencyByOperation.set(operation, latency);
    else this.#latency = latency;
  }

  /** Milliseconds to wait before answering this operation. */
  latencyFor(operation: string): number {
    const spec = this.#latencyByOperation.get(operation) ?? this.#latency;
    return typeof spec === 'number' ? spec : randomInt(this.random, spec.min, spec.max);
  }

  /** The fault this call gets, if any. A script step of `'ok'` lets the call through without checking rules. */
  next(operation: string, caller: string, service: string): FaultKind | undefined {
    const script = this.#scripts.find((candidate) => inScope(candidate.scope, operation, caller, service));
    if (script) return this.#advance(script);
    for (const active of this.#rules) {
      if (!inScope(active.rule, operation, caller, service)) continue;
      active.seen += 1;
      if (active.seen <= (active.rule.skip ?? 0)) continue;
      const probability = active.rule.probability ?? 1;
      if (probability < 1 && this.random() >= probability) continue;
      active.fired += 1;
      if (active.rule.times !== undefined && active.fired >= active.rule.times) {
        this.#rules = this.#rules.filter((candidate) => candidate !== active);
      }
      return active.rule.kind;
    }
    return undefined;
  }

  clear(): void {
    this.#scripts = [];
    this.#rules = [];
    this.#latency = 0;
    this.#latencyByOperation.clear();
  }

  #advance(script: ActiveScript): FaultKind | undefined {
    const step = script.steps[script.position];
    script.position += 1;
    if (script.position >= script.steps.length) {
      this.#scripts = this.#scripts.filter((candidate) => candidate !== script);
    }
    if (step === undefined || step === 'ok') return undefined;
    script.fired += 1;
    return step;
  }
}

function inScope(scope: FaultScope, operation: string, caller: string, service: string): boolean {
  const operationMatches = !scope.operations || (scope.operations as readonly string[]).includes(operation);
  const callerMatches = !scope.callers || scope.callers.includes(caller);
  const serviceMatches = !scope.services || (scope.services as readonly string[]).includes(service);
  return operationMatches && callerMatches && serviceMatches;
}

function assertFaultKind(kind: string): void {
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new TypeError(`Expected a fault kind (${FAULT_KINDS.join(', ')}), got '${kind}'`);
  }
}

function assertLatency(latency: LatencySpec): void {
  const valid =
    typeof latency === 'number'
      ? Number.isFinite(latency) && latency >= 0
      : Number.isFinite(latency.min) && latency.min >= 0 && latency.max >= latency.min;
  if (!valid) throw new TypeError(`Expected latency to be ms >= 0 or { min, max } with min <= max`);
}
