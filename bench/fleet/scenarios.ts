/**
 * The stampede scenarios: who cold-starts, what each function fetches, and under which throughput profile.
 */
import type { CandidateId } from './types.js';

export type ThroughputProfile = 'standard' | 'high';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly functions: number;
  /**
   * `path`: every function pages the path; `secrets`: every function fetches the SecureString secrets by name;
   * `secrets-manager`: the same secrets kept in Secrets Manager, fetched as `/aws/reference/secretsmanager/<id>` names
   * (through Parameter Store) or natively by the native candidate.
   */
  readonly fetches: 'path' | 'secrets' | 'secrets-manager';
  readonly parameters: number;
  readonly secrets: number;
  readonly throughput: ThroughputProfile;
  readonly candidates: readonly CandidateId[];
}

export const ANCHORS: readonly CandidateId[] = [
  '@middy/ssm',
  '@middy/ssm (adaptive)',
  'powertools',
  'naive loop',
  'naive loop (adaptive)',
];

const OURS_HINTED: readonly CandidateId[] = [
  'middy-ssm-env',
  'middy-ssm-env (fleet hint)',
  'middy-ssm-env (hint ×0.5)',
  'middy-ssm-env (hint ×2)',
];

/**
 * The holdout: no pacer variant was tuned on it (neither in the virtual-time model nor in the fleet), so its
 * figures say how the chosen rule does off the scenarios it was chosen on.
 */
export const HOLDOUT_SCENARIO = 'holdout';

export const scenarios = (quick: boolean): readonly Scenario[] => {
  const scale = (full: number, smoke: number) => (quick ? smoke : full);
  const parameters = scale(130, 40);
  const secrets = scale(40, 20);
  return [
    {
      id: 'field',
      title: `Field case: ${scale(25, 8)} functions × ${parameters} parameters by path, 40/s`,
      functions: scale(25, 8),
      fetches: 'path',
      parameters,
      secrets,
      throughput: 'standard',
      candidates: [...OURS_HINTED, ...ANCHORS],
    },
    {
      id: 'secrets',
      title: `Secrets only: ${scale(25, 8)} functions × ${secrets} secrets by name, 40/s`,
      functions: scale(25, 8),
      fetches: 'secrets',
      parameters,
      secrets,
      throughput: 'standard',
      candidates: quick ? ['middy-ssm-env'] : ['middy-ssm-env', 'middy-ssm-env (fleet hint)', ...ANCHORS],
    },
    ...[scale(25, 8), scale(100, 16)].map(
      (functions): Scenario => ({
        id: `secrets-native-${functions}`,
        title: `Secrets Manager: ${functions} functions × ${secrets} secrets, natively (BatchGetSecretValue 100/s) vs through /aws/reference (SSM 40/s)`,
        functions,
        fetches: 'secrets-manager',
        parameters,
        secrets,
        throughput: 'standard',
        candidates: ['middy-ssm-env', 'middy-ssm-env (fleet hint)', 'middy-ssm-env (native secrets)'],
      }),
    ),
    {
      id: 'big-deploy',
      title: `Bigger deploy: ${scale(100, 16)} functions × ${secrets} secrets by name, 40/s`,
      functions: scale(100, 16),
      fetches: 'secrets',
      parameters,
      secrets,
      throughput: 'standard',
      candidates: quick ? ['middy-ssm-env'] : [...OURS_HINTED, ...ANCHORS],
    },
    {
      id: HOLDOUT_SCENARIO,
      title: `Holdout: ${scale(40, 10)} functions × ${scale(60, 30)} parameters by path, 40/s (no variant was tuned on it)`,
      functions: scale(40, 10),
      fetches: 'path',
      parameters: scale(60, 30),
      secrets: scale(20, 10),
      throughput: 'standard',
      candidates: quick
        ? []
        : ['middy-ssm-env', 'middy-ssm-env (fleet hint)', '@middy/ssm (adaptive)', 'naive loop (adaptive)'],
    },
    {
      id: 'high-path',
      title: `High throughput, by path: ${scale(100, 16)} functions × ${parameters} parameters (ByPath 100/s)`,
      functions: scale(100, 16),
      fetches: 'path',
      parameters,
      secrets,
      throughput: 'high',
      candidates: quick ? [] : ['middy-ssm-env', ...ANCHORS],
    },
    {
      id: 'high-manifest',
      title: `High throughput, by manifest: ${scale(100, 16)} functions × ${parameters} names (GetParameters 3,000/s)`,
      functions: scale(100, 16),
      fetches: 'path',
      parameters,
      secrets,
      throughput: 'high',
      candidates: ['middy-ssm-env (manifest)'],
    },
  ];
};
