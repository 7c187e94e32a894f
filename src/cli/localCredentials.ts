/**
 * Credentials for a loopback `--endpoint` (the local server of `serve` or `startLocalSsm`): it accepts any signed
 * request, so a developer without AWS credentials should not need to invent some. Placeholders are used only when the
 * endpoint's host is loopback and the SDK's default chain has nothing to offer; any other endpoint, and AWS itself,
 * gets the default chain and its error.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCESS_KEY_ID } from '../server/index.js';
import { nameOf } from './command.js';

/** What the SDK signs with (the shape of its `AwsCredentialIdentity`, without importing a transitive package). */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type CredentialsProvider = () => Promise<Credentials>;

/** What a loopback endpoint is signed with when nothing else is configured (the local server's default caller). */
export const LOCAL_CREDENTIALS: Credentials = Object.freeze({
  accessKeyId: DEFAULT_ACCESS_KEY_ID,
  secretAccessKey: 'local-placeholder',
});

/** True for http(s) URLs whose host is 127.0.0.0/8, `localhost` or `[::1]` (the WHATWG parser normalizes `127.1`). */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** The variables through which the SDK's default chain finds credentials or a profile. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
] as const;

/**
 * True when the environment points the SDK's chain at credentials: one of its variables, or a shared credentials or
 * config file where the SDK looks for them (`AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`, else `~/.aws/…`).
 */
export function credentialsConfigured(
  env: NodeJS.ProcessEnv,
  fileExists: (path: string) => boolean = existsSync,
): boolean {
  if (CREDENTIAL_VARIABLES.some((name) => Boolean(env[name]))) return true;
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
    env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
  ];
  return files.some(fileExists);
}

/**
 * The provider for a loopback endpoint: placeholders at once when nothing is configured (no wait on the instance
 * metadata service, the chain's last resort), else the default chain, falling back to placeholders when it finds
 * nothing (a config file with only a Region, say). `onPlaceholder` is told once, so the user knows.
 */
export function loopbackCredentials(
  defaultChain: CredentialsProvider,
  configured: boolean,
  onPlaceholder: () => void,
): CredentialsProvider {
  let told = false;
  const placeholder = (): Credentials => {
    if (!told) onPlaceholder();
    told = true;
    return LOCAL_CREDENTIALS;
  };
  return async () => {
    if (!configured) return placeholder();
    try {
      return await defaultChain();
    } catch (error) {
      if (nameOf(error) === 'CredentialsProviderError') return placeholder();
      throw error;
    }
  };
}
