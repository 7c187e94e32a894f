/**
 * The stampede scenarios: who cold-starts, what each function fetches, and under which throughput profile.
 */
import type { CandidateId } from './types.js';

export type ThroughputProfile = 'standard' | 'high';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly functions: number;
  /** `path`: every function pages the path; `secrets`: every function fetches the secrets by name. */
  readonly fetches: 'path' | 'secrets';
  readonly parameters: number;
  readonly secrets: number;
  readonly throughput: ThroughputProfile;
  readonly candidates: readonly CandidateId[];
}

export const ANCHORS: readonly CandidateId[] = [
  '@middy/ssm',
  'powertools',
  'naive loop',
  'naive loop (adaptive)',
];

const everyone: readonly CandidateId[] = ['middy-ssm-env', ...ANCHORS];

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
      candidates: everyone,
    },
    {
      id: 'secrets',
      title: `Secrets only: ${scale(25, 8)} functions × ${secrets} secrets by name, 40/s`,
      functions: scale(25, 8),
      fetches: 'secrets',
      parameters,
      secrets,
      throughput: 'standard',
      candidates: quick ? ['middy-ssm-env'] : everyone,
    },
    {
      id: 'secrets-native',
      title: `Secrets only, natively: ${scale(25, 8)} functions × ${secrets} secrets from Secrets Manager (BatchGetSecretValue 100/s) vs through /aws/reference (SSM 40/s)`,
      functions: scale(25, 8),
      fetches: 'secrets',
      parameters,
      secrets,
      throughput: 'standard',
      candidates: ['middy-ssm-env', 'middy-ssm-env (native secrets)'],
    },
    {
      id: 'big-deploy',
      title: `Bigger deploy: ${scale(100, 16)} functions × ${secrets} secrets by name, 40/s`,
      functions: scale(100, 16),
      fetches: 'secrets',
      parameters,
      secrets,
      throughput: 'standard',
      candidates: quick ? ['middy-ssm-env'] : everyone,
    },
    {
      id: 'high-path',
      title: `High throughput, by path: ${scale(100, 16)} functions × ${parameters} parameters (ByPath 100/s)`,
      functions: scale(100, 16),
      fetches: 'path',
      parameters,
      secrets,
      throughput: 'high',
      candidates: quick ? [] : everyone,
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
