#!/bin/sh
# One-shot: registers Atende's namespace and its chat search attributes
# (workflows/searchAttributes.ts; the worker also adds any that are missing
# when it starts). Safe to run again.
#   TEMPORAL_ADDRESS: the frontend (host:port)
#   NAMESPACE (default: default), RETENTION (default: 30d: closed chats'
#   histories are kept that long; set again on every run, so a changed value
#   applies. Keep it no longer than Atende's closedChatsDays, GET
#   /api/v1/retention: README, Running in production, "Namespace retention")
#   TEMPORAL_CLI: the CLI's path (default: temporal, as in temporalio/admin-tools)
set -eu
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS}"
ns="${NAMESPACE:-default}"
cli="${TEMPORAL_CLI:-temporal}"

tries=0
until "$cli" operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 120 ] || { echo "Temporal at $TEMPORAL_ADDRESS is not healthy" >&2; exit 1; }
  sleep 1
done

if ! "$cli" operator namespace describe --namespace "$ns" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
  "$cli" operator namespace create --namespace "$ns" --retention "${RETENTION:-30d}" --address "$TEMPORAL_ADDRESS"
else
  "$cli" operator namespace update --namespace "$ns" --retention "${RETENTION:-30d}" --address "$TEMPORAL_ADDRESS"
fi
# A namespace just created is not seen by every service at once.
tries=0
until "$cli" operator namespace describe --namespace "$ns" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "namespace $ns did not appear" >&2; exit 1; }
  sleep 1
done

# Each service caches namespaces: the search attributes' service may not know it yet either.
tries=0
until existing=$("$cli" operator search-attribute list --namespace "$ns" --address "$TEMPORAL_ADDRESS" 2>&1); do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "$existing" >&2; exit 1; }
  sleep 1
done
for name in ChatStatus ChannelType Priority AttendantId Department; do
  if ! printf '%s\n' "$existing" | grep -qw "$name"; then
    "$cli" operator search-attribute create --namespace "$ns" --name "$name" --type Keyword --address "$TEMPORAL_ADDRESS"
  fi
done
echo "namespace $ns and its search attributes are registered"
