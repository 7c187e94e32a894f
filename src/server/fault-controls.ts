import type { AccessPolicy } from './access.js';
import type { FaultInjector } from './faults.js';
import type { Pager } from './paging.js';
import type { LocalOperation, LocalSsmFaults, LocalSsmOptions } from './types.js';

/** The public `faults` object: one place to inject failures, latency, denied paths and paging quirks. */
export function createFaultControls(
  injector: FaultInjector,
  access: AccessPolicy,
  pager: Pager,
): LocalSsmFaults {
  return {
    add: (rule) => injector.add(rule),
    script: (steps, scope) => injector.script(steps, scope),
    latency: (latency, operation) => injector.setLatency(latency, operation),
    denyPath: (prefix) => access.deny(prefix),
    allowPath: (prefix) => access.allow(prefix),
    denySecret: (prefix) => access.denySecret(prefix),
    allowSecret: (prefix) => access.allowSecret(prefix),
    endlessNextToken: (on = true) => {
      pager.endless = on;
    },
    paging: (mode) => pager.setMode(mode),
    clear: () => {
      injector.clear();
      access.clear();
      pager.endless = false;
      pager.setMode('full');
    },
  };
}

/** Apply the fault-related start options, exactly as the runtime calls would. */
export function applyFaultOptions(options: LocalSsmOptions, faults: LocalSsmFaults): void {
  if (options.latencyMs !== undefined) faults.latency(options.latencyMs);
  const perOperation = options.operationLatencyMs ?? {};
  for (const operation of Object.keys(perOperation) as LocalOperation[]) {
    const latency = perOperation[operation];
    if (latency !== undefined) faults.latency(latency, operation);
  }
  for (const rule of options.faults ?? []) faults.add(rule);
  for (const prefix of options.deniedPaths ?? []) faults.denyPath(prefix);
  for (const prefix of options.deniedSecrets ?? []) faults.denySecret(prefix);
  if (options.paging !== undefined) faults.paging(options.paging);
  if (options.endlessNextToken) faults.endlessNextToken(true);
}
