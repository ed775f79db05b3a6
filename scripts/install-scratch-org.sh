#!/usr/bin/env bash
# Creates a scratch org, deploys the Aloware Sync package, assigns the permission sets, explains how to set
# the companion URL and sync key, and runs the Apex tests with coverage.
#
# Needs the Salesforce CLI (`sf`, https://developer.salesforce.com/tools/salesforcecli) and a Dev Hub you are
# logged in to (`sf org login web --set-default-dev-hub`).
#
# Usage: scripts/install-scratch-org.sh [alias] [duration-days]
#   ALOWARE_COMPANION_URL   optional: the companion's public HTTPS URL, written into the Named Credential
#   ALOWARE_SYNC_KEY        optional: the companion's SALESFORCE_SYNC_KEY, stored as the SyncKey parameter of the
#                           External Credential principal (through ConnectApi; never printed)
#   ALOWARE_INTEGRATION_USERNAME  optional: the username AlowareChangeTrigger runs as (the companion's
#                           integration user, holding Aloware_Sync_Integration); default: the scratch org's admin
#   SKIP_TESTS=1            optional: do not run the Apex tests
set -euo pipefail

ALIAS="${1:-aloware-sync}"
DAYS="${2:-7}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

command -v sf >/dev/null 2>&1 || fail "the Salesforce CLI 'sf' is not installed. Install it: npm install --global @salesforce/cli"
export SF_AUTOUPDATE_DISABLE=true SF_DISABLE_TELEMETRY=true

step "Checking the Dev Hub"
sf config get target-dev-hub --json | grep -q '"value": "' \
  || fail "no default Dev Hub. Run: sf org login web --set-default-dev-hub --alias devhub"

step "Creating scratch org '$ALIAS' for $DAYS days (config/project-scratch-def.json)"
sf org create scratch --definition-file config/project-scratch-def.json --alias "$ALIAS" \
  --duration-days "$DAYS" --set-default --wait 15

if [[ -n "${ALOWARE_COMPANION_URL:-}" ]]; then
  step "Pointing the Named Credential Aloware_Companion at $ALOWARE_COMPANION_URL"
  NC="force-app/main/default/namedCredentials/Aloware_Companion.namedCredential-meta.xml"
  TMP_NC="$(mktemp)"
  cp "$NC" "$TMP_NC"
  trap 'cp "$TMP_NC" "$NC"; rm -f "$TMP_NC"' EXIT
  sed -i.bak "s#https://companion.example.com#${ALOWARE_COMPANION_URL%/}#" "$NC" && rm -f "$NC.bak"
fi

step "Deploying force-app"
sf project deploy start --source-dir force-app --target-org "$ALIAS" --wait 20

step "Assigning permission sets Aloware_Sync_Admin and Aloware_Sync_User to you"
sf org assign permset --name Aloware_Sync_Admin --name Aloware_Sync_User --target-org "$ALIAS"

# AlowareChangeTrigger (the Aloware_Change__e subscriber) must run as the integration user, who holds the Named
# Credential access: a PlatformEventSubscriberConfig names that user. It is not in force-app because it names a
# username that only exists in the target org, so it is generated and deployed here.
INTEGRATION_USERNAME="${ALOWARE_INTEGRATION_USERNAME:-$(sf org display --target-org "$ALIAS" --json | sed -n 's/.*"username": "\([^"]*\)".*/\1/p' | head -n1)}"
[[ -n "$INTEGRATION_USERNAME" ]] || fail "could not determine the integration username; set ALOWARE_INTEGRATION_USERNAME"
step "Running AlowareChangeTrigger as $INTEGRATION_USERNAME (PlatformEventSubscriberConfig) + Aloware_Sync_Integration"
sf org assign permset --name Aloware_Sync_Integration --on-behalf-of "$INTEGRATION_USERNAME" --target-org "$ALIAS"
PESC_DIR="$(mktemp -d)"
mkdir -p "$PESC_DIR/platformEventSubscriberConfigs"
API_VERSION="$(sed -n 's/.*"sourceApiVersion": "\([^"]*\)".*/\1/p' sfdx-project.json)"
cat >"$PESC_DIR/package.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types><members>AlowareChangeTriggerConfig</members><name>PlatformEventSubscriberConfig</name></types>
    <version>${API_VERSION}</version>
</Package>
XML
cat >"$PESC_DIR/platformEventSubscriberConfigs/AlowareChangeTriggerConfig.platformEventSubscriberConfig" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata">
    <batchSize>2000</batchSize>
    <masterLabel>AlowareChangeTriggerConfig</masterLabel>
    <platformEventConsumer>AlowareChangeTrigger</platformEventConsumer>
    <user>${INTEGRATION_USERNAME}</user>
</PlatformEventSubscriberConfig>
XML
sf project deploy start --metadata-dir "$PESC_DIR" --target-org "$ALIAS" --wait 10
rm -rf "$PESC_DIR"

if [[ -n "${ALOWARE_SYNC_KEY:-}" ]]; then
  step "Storing the sync key in the External Credential principal Aloware_Companion / CompanionKey"
  KEY_APEX="$(mktemp --suffix=.apex)"
  ESCAPED_KEY="$(printf '%s' "$ALOWARE_SYNC_KEY" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g")"
  cat >"$KEY_APEX" <<APEX
ConnectApi.CredentialInput input = new ConnectApi.CredentialInput();
input.externalCredential = 'Aloware_Companion';
input.principalName = 'CompanionKey';
input.principalType = ConnectApi.CredentialPrincipalType.NamedPrincipal;
input.authenticationProtocol = ConnectApi.CredentialAuthenticationProtocol.Custom;
ConnectApi.CredentialValueInput key = new ConnectApi.CredentialValueInput();
key.value = '${ESCAPED_KEY}';
key.encrypted = true;
input.credentials = new Map<String, ConnectApi.CredentialValueInput>{ 'SyncKey' => key };
ConnectApi.NamedCredentials.createCredential(input);
APEX
  if sf apex run --file "$KEY_APEX" --target-org "$ALIAS" >/dev/null; then
    echo "Sync key stored."
  else
    echo "Could not store the sync key automatically; enter it in Setup (step 3 below)." >&2
  fi
  rm -f "$KEY_APEX"
fi

if [[ "${SKIP_TESTS:-0}" != "1" ]]; then
  step "Running the Apex tests with code coverage"
  sf apex run test --target-org "$ALIAS" --code-coverage --result-format human --wait 20 \
    --test-level RunLocalTests
fi

cat <<MSG

Aloware Sync is installed in scratch org '$ALIAS'.

Finish the setup, in this order. Until step 5 is saved NOTHING is sent: no callout, no async Apex, no
error rows (the triggers check that the settings were saved with an Integration User).
  1. Open the org:  sf org open --target-org $ALIAS --path /lightning/setup/NamedCredential/home
     Named Credentials > Aloware Companion: set the URL to your companion's HTTPS URL
     (currently ${ALOWARE_COMPANION_URL:-https://companion.example.com}).
  2. External Credentials > Aloware Companion > Principals > CompanionKey > Authentication Parameters:
     add parameter  SyncKey  =  the companion's SALESFORCE_SYNC_KEY.
  3. The companion's integration user ($INTEGRATION_USERNAME) holds Aloware_Sync_Integration and
     AlowareChangeTrigger runs as that user, so edits by ANY user are delivered (no permission set needed for
     them). Give admins Aloware_Sync_Admin, and users who should see the record card Aloware_Sync_User:
       sf org assign permset --name Aloware_Sync_User --on-behalf-of <username> --target-org $ALIAS
  4. Record pages: Lightning App Builder > Lead (and Contact) record page > drag "Aloware Record Card"
     onto the page > Save > Activate.
  5. Last: App Launcher > Aloware Sync > Aloware Settings: set the Integration User to the companion's user
     and Save. From then on changes are sent.
MSG
