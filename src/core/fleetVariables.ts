/**
 * The environment variables that carry the fleet hint, so a deployment (Terraform, SAM, `plan --format …`) can set it
 * without code: read by the middleware's config, written by the CLI's plan.
 */
export const FLEET_SIZE_VARIABLE = 'MIDDY_SSM_ENV_FLEET_SIZE';
export const QUOTA_TPS_VARIABLE = 'MIDDY_SSM_ENV_QUOTA_TPS';

/** SSM's standard throughput: 40 calls/s shared by GetParameter, GetParameters and GetParametersByPath. */
export const DEFAULT_QUOTA_TPS = 40;
