# The field case (130 parameters under /myapp/prod/, 40 of them SecureString secrets, 25 functions deployed
# together) after the split `npx middy-ssm-env plan` computes. Blocks between `middy-ssm-env:begin` and
# `middy-ssm-env:end` are what the command on the begin line prints; the test suite reruns the commands and fails
# when they differ (`npx tsx examples/generatedBlocks.ts` rewrites them). Replace the account, Region and KMS key
# with yours and rerun the commands.

terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = ">= 5.0" }
    archive = { source = "hashicorp/archive", version = ">= 2.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

# The function, bundled beforehand as README "Bundling" shows:
#   npx esbuild ../field-case-function/handler.ts --bundle --platform=node --target=node22 --format=esm \
#     '--external:@aws-sdk/*' --outfile=build/index.mjs
data "archive_file" "orders" {
  type        = "zip"
  source_dir  = "${path.module}/build"
  output_path = "${path.module}/orders.zip"
}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "orders" {
  name               = "orders"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy_attachment" "orders_logs" {
  role       = aws_iam_role.orders.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# Exactly what the middleware calls: GetParameters on the names under the path (references and manifest alike),
# the referenced Secrets Manager secret, and kms:Decrypt through those two services only.
# middy-ssm-env:begin policy /myapp/prod/ secretsmanager:prod/db#username --manifest --region us-east-1 --account 123456789012 --kms-key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab --format terraform
data "aws_iam_policy_document" "middy_ssm_env" {
  statement {
    sid       = "ReadParametersByName"
    effect    = "Allow"
    actions   = ["ssm:GetParameters"]
    resources = [
      "arn:aws:ssm:us-east-1:123456789012:parameter/aws/reference/secretsmanager/prod/db",
      "arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/*",
    ]
  }

  statement {
    sid       = "ReadSecretsManagerReferences"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????"]
  }

  statement {
    sid       = "DecryptSecureStrings"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [
        "ssm.us-east-1.amazonaws.com",
        "secretsmanager.us-east-1.amazonaws.com",
      ]
    }
  }
}
# middy-ssm-env:end policy

resource "aws_iam_role_policy" "orders_parameters" {
  name   = "read-parameters"
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.middy_ssm_env.json
}

resource "aws_lambda_function" "orders" {
  function_name    = "orders"
  role             = aws_iam_role.orders.arn
  runtime          = "nodejs24.x"
  architectures    = ["arm64"]
  handler          = "index.handler"
  filename         = data.archive_file.orders.output_path
  source_code_hash = data.archive_file.orders.output_base64sha256
  memory_size      = 512
  timeout          = 15 # room for the init-phase prefetch (capped at 9 s) plus the handler

  environment {
    variables = {
      # Set by hand, in the room `--reserve 40` keeps: a Secrets Manager reference. The plan below carries the
      # fleet hint (25 functions cold-start together against the account's 40 calls/s).
      DB_USER = "secretsmanager:prod/db#username"

      # middy-ssm-env:begin plan /myapp/prod/ --functions 25 --reserve 40 --format terraform
      # middy-ssm-env plan /myapp/prod/: 80 variables, 4,039 of 4,056 bytes (key + value, UTF-8).
      # 40 secrets as ssm: references, resolved before the handler runs.
      # 51 parameters fetched by name from a manifest (the names: --format json, "manifestNames").
      # Middleware: ssmEnv({ setToEnv: true, resolveEnvReferences: true, fetchData: { app: { path: '/myapp/prod/', manifest } } })
      # Fleet hint: 25 functions cold-start together on 40 calls/s, so each paces its calls at its share from the first (MIDDY_SSM_ENV_* below; fleet: { size: 25 } in code takes no bytes).
      ANALYTICS_APP_ID                           = "app_3dc21399a9bf"
      API_V2_THRESHOLD                           = "446"
      BILLING_API_V2_THRESHOLD                   = "959"
      BILLING_DB_NAME                            = "myapp_prod_24"
      BILLING_DB_PORT                            = "5432"
      BILLING_FEATURE_NEW_CHECKOUT               = "on"
      BILLING_FEATURE_X_ENABLED                  = "true"
      BILLING_HTTP_TIMEOUT_MS                    = "4000"
      BILLING_LOG_LEVEL                          = "debug"
      BILLING_REDIS_PORT                         = "6379"
      BILLING_RELEASE_STAGE                      = "production"
      DB_HOST                                    = "db-0.prod.internal.example.com"
      DB_NAME                                    = "myapp_prod_2"
      DB_PORT                                    = "5432"
      FEATURE_NEW_CHECKOUT                       = "on"
      FEATURE_X_ENABLED                          = "true"
      HTTP_TIMEOUT_MS                            = "6000"
      LOG_LEVEL                                  = "debug"
      MIDDY_SSM_ENV_FLEET_SIZE                   = "25"
      NOTIFICATIONS_API_V2_THRESHOLD             = "214"
      NOTIFICATIONS_DB_NAME                      = "myapp_prod_68"
      NOTIFICATIONS_DB_PORT                      = "5432"
      NOTIFICATIONS_FEATURE_NEW_CHECKOUT         = "off"
      NOTIFICATIONS_FEATURE_X_ENABLED            = "false"
      NOTIFICATIONS_HTTP_TIMEOUT_MS              = "7000"
      NOTIFICATIONS_LOG_LEVEL                    = "debug"
      NOTIFICATIONS_REDIS_PORT                   = "6379"
      NOTIFICATIONS_RELEASE_STAGE                = "production"
      REDIS_PORT                                 = "6379"
      RELEASE_STAGE                              = "production"
      REPORTING_DB_PORT                          = "5432"
      SEARCH_API_V2_THRESHOLD                    = "623"
      SEARCH_DB_NAME                             = "myapp_prod_46"
      SEARCH_DB_PORT                             = "5432"
      SEARCH_FEATURE_NEW_CHECKOUT                = "on"
      SEARCH_FEATURE_X_ENABLED                   = "false"
      SEARCH_HTTP_TIMEOUT_MS                     = "3000"
      SEARCH_LOG_LEVEL                           = "debug"
      SEARCH_REDIS_PORT                          = "6379"
      SEARCH_RELEASE_STAGE                       = "production"
      SECRETS_ALGOLIA_ADMIN_KEY                  = "ssm:/myapp/prod/secrets/algolia-admin-key"
      SECRETS_AWS_S3_SIGNING_SECRET              = "ssm:/myapp/prod/secrets/aws-s3-signing-secret"
      SECRETS_BILLING_ALGOLIA_ADMIN_KEY          = "ssm:/myapp/prod/secrets/billing/algolia-admin-key"
      SECRETS_BILLING_AWS_S3_SIGNING_SECRET      = "ssm:/myapp/prod/secrets/billing/aws-s3-signing-secret"
      SECRETS_BILLING_DATABASE_PASSWORD          = "ssm:/myapp/prod/secrets/billing/database-password"
      SECRETS_BILLING_DATABASE_READONLY_PASSWORD = "ssm:/myapp/prod/secrets/billing/database-readonly-password"
      SECRETS_BILLING_DATADOG_API_KEY            = "ssm:/myapp/prod/secrets/billing/datadog-api-key"
      SECRETS_BILLING_ENCRYPTION_KEY             = "ssm:/myapp/prod/secrets/billing/encryption-key"
      SECRETS_BILLING_GITHUB_APP_PRIVATE_KEY     = "ssm:/myapp/prod/secrets/billing/github-app-private-key"
      SECRETS_BILLING_JWT_SIGNING_KEY            = "ssm:/myapp/prod/secrets/billing/jwt-signing-key"
      SECRETS_BILLING_MAILCHIMP_API_KEY          = "ssm:/myapp/prod/secrets/billing/mailchimp-api-key"
      SECRETS_BILLING_OAUTH_CLIENT_SECRET        = "ssm:/myapp/prod/secrets/billing/oauth-client-secret"
      SECRETS_BILLING_PAGERDUTY_ROUTING_KEY      = "ssm:/myapp/prod/secrets/billing/pagerduty-routing-key"
      SECRETS_BILLING_PARTNER_API_KEY            = "ssm:/myapp/prod/secrets/billing/partner-api-key"
      SECRETS_BILLING_REDIS_AUTH_TOKEN           = "ssm:/myapp/prod/secrets/billing/redis-auth-token"
      SECRETS_BILLING_SENDGRID_API_KEY           = "ssm:/myapp/prod/secrets/billing/sendgrid-api-key"
      SECRETS_BILLING_SENTRY_AUTH_TOKEN          = "ssm:/myapp/prod/secrets/billing/sentry-auth-token"
      SECRETS_BILLING_SESSION_SECRET             = "ssm:/myapp/prod/secrets/billing/session-secret"
      SECRETS_BILLING_SLACK_BOT_TOKEN            = "ssm:/myapp/prod/secrets/billing/slack-bot-token"
      SECRETS_BILLING_STRIPE_SECRET_KEY          = "ssm:/myapp/prod/secrets/billing/stripe-secret-key"
      SECRETS_BILLING_STRIPE_WEBHOOK_SECRET      = "ssm:/myapp/prod/secrets/billing/stripe-webhook-secret"
      SECRETS_BILLING_TWILIO_AUTH_TOKEN          = "ssm:/myapp/prod/secrets/billing/twilio-auth-token"
      SECRETS_DATABASE_PASSWORD                  = "ssm:/myapp/prod/secrets/database-password"
      SECRETS_DATABASE_READONLY_PASSWORD         = "ssm:/myapp/prod/secrets/database-readonly-password"
      SECRETS_DATADOG_API_KEY                    = "ssm:/myapp/prod/secrets/datadog-api-key"
      SECRETS_ENCRYPTION_KEY                     = "ssm:/myapp/prod/secrets/encryption-key"
      SECRETS_GITHUB_APP_PRIVATE_KEY             = "ssm:/myapp/prod/secrets/github-app-private-key"
      SECRETS_JWT_SIGNING_KEY                    = "ssm:/myapp/prod/secrets/jwt-signing-key"
      SECRETS_MAILCHIMP_API_KEY                  = "ssm:/myapp/prod/secrets/mailchimp-api-key"
      SECRETS_OAUTH_CLIENT_SECRET                = "ssm:/myapp/prod/secrets/oauth-client-secret"
      SECRETS_PAGERDUTY_ROUTING_KEY              = "ssm:/myapp/prod/secrets/pagerduty-routing-key"
      SECRETS_PARTNER_API_KEY                    = "ssm:/myapp/prod/secrets/partner-api-key"
      SECRETS_REDIS_AUTH_TOKEN                   = "ssm:/myapp/prod/secrets/redis-auth-token"
      SECRETS_SENDGRID_API_KEY                   = "ssm:/myapp/prod/secrets/sendgrid-api-key"
      SECRETS_SENTRY_AUTH_TOKEN                  = "ssm:/myapp/prod/secrets/sentry-auth-token"
      SECRETS_SESSION_SECRET                     = "ssm:/myapp/prod/secrets/session-secret"
      SECRETS_SLACK_BOT_TOKEN                    = "ssm:/myapp/prod/secrets/slack-bot-token"
      SECRETS_STRIPE_SECRET_KEY                  = "ssm:/myapp/prod/secrets/stripe-secret-key"
      SECRETS_STRIPE_WEBHOOK_SECRET              = "ssm:/myapp/prod/secrets/stripe-webhook-secret"
      SECRETS_TWILIO_AUTH_TOKEN                  = "ssm:/myapp/prod/secrets/twilio-auth-token"
      # middy-ssm-env:end plan
    }
  }
}
