#!/usr/bin/env bash
# Load test: gunicorn on 127.0.0.1 serving a database of generated methods, driven by wrk
# (Debian package) for a bounded time over a mix of search, facet and method-page requests.
#
#   bash bench/load.sh [N=10000] [SECONDS=30] [CONNECTIONS=16]
#
# Builds bench/results/bench-N.sqlite3 first if it does not exist. Loopback only. The result goes to
# bench/results/load-N-VARIANT.txt: "cold" (workers warmed on one search only), "warm-pages" (WARM_PAGES=1),
# with "-no-match-cache" appended when SEARCH_MATCH_CACHE_BYTES=0 (searches without cached full-text scores).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
DURATION=${2:-30}
CONNECTIONS=${3:-16}
PORT=${PORT:-8799}
DB="bench/results/bench-$N.sqlite3"
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
mkdir -p bench/results

export DJANGO_SETTINGS_MODULE=kb.settings.production
export SECRET_KEY=load-test-only-$(date +%s)-not-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export DATABASE_URL="sqlite:///$PWD/$DB"
# Page fragments shared by the workers start empty in every run.
FRAGMENT_CACHE_DIR=$(mktemp -d)
export FRAGMENT_CACHE_DIR

if [ ! -f "$DB" ]; then
  DJANGO_SETTINGS_MODULE=kb.settings.dev $PY manage.py migrate --noinput -v0
  DJANGO_SETTINGS_MODULE=kb.settings.dev $PY manage.py load_demo -v0
  DJANGO_SETTINGS_MODULE=kb.settings.dev $PY manage.py generate_methods --count $((N - 44))
fi
# Brings an existing database up to date (and its data-version triggers: methods.dataversions).
DJANGO_SETTINGS_MODULE=kb.settings.dev $PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

# Request mix: method pages drawn from the database, searches with and without facets.
URLS=bench/results/load-urls.txt
$PY manage.py shell -v 0 -c "
import random
from methods.models import MethodPage
rng = random.Random(1)
pks = list(MethodPage.objects.visible().values_list('pk', flat=True))
pages = [p.url for p in MethodPage.objects.filter(pk__in=rng.sample(pks, 200))]
searches = ['/sok/?q=avhoppare+st%C3%B6d', '/sok/?q=ungdomshemmen', '/sok/?q=riskbed%C3%B6mning&setting=frivard',
            '/sok/?setting=anstalt&target_group=lagforda', '/sok/?q=f%C3%B6r%C3%A4ldrar', '/sok/?evidence=lovande&sort=evidence',
            '/sok/?q=radikaliserade+ungdomar', '/sok/', '/sok/?q=samverkan+polis&target_group=unga-under-18',
            '/sok/?q=misbruk', '/sok/autocomplete/?q=avh', '/evidenskarta/']
print('\n'.join(pages + searches * 10))
" | grep "^/" > "$URLS"

cat > bench/results/load.lua <<'LUA'
local urls = {}
for line in io.lines("bench/results/load-urls.txt") do urls[#urls + 1] = line end
local errors = 0
request = function()
  return wrk.format("GET", urls[math.random(#urls)])
end
response = function(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests=%d duration_s=%.1f rps=%.1f p50_ms=%.1f p99_ms=%.1f errors_http=%d errors_socket=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

WORKERS=${WORKERS:-$(( $(nproc) * 2 ))}
.venv/bin/gunicorn kb.wsgi:application --bind 127.0.0.1:$PORT --workers "$WORKERS" --log-level warning \
  --env DJANGO_SETTINGS_MODULE=kb.settings.production --env THROTTLE_ENABLED=false --env TASKS_BACKEND=immediate &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null && wait $GUNICORN 2>/dev/null; rm -rf "$FRAGMENT_CACHE_DIR"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
# Warm every worker (imports, typo and tag indexes) before measuring.
for _ in $(seq $((WORKERS * 3))); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/sok/?q=avhoppare"; done
# WARM_PAGES=1: also request every method page of the mix a few times (article cache shared by the workers
# filled, every worker warmed on method pages: the steady state of a long-running site) before measuring.
if [ "${WARM_PAGES:-0}" = 1 ]; then
  head -200 "$URLS" | sed "s|^|http://127.0.0.1:$PORT|" > bench/results/load-pages.txt
  for _ in $(seq $((WORKERS * 2))); do xargs -P 4 -n 50 curl -sf -o /dev/null < bench/results/load-pages.txt; done
fi

VARIANT=$([ "${WARM_PAGES:-0}" = 1 ] && echo warm-pages || echo cold)
[ "${SEARCH_MATCH_CACHE_BYTES:-}" = 0 ] && VARIANT="$VARIANT-no-match-cache"
OUT="bench/results/load-$N-$VARIANT.txt"
echo "load: $N methods, $DURATION s, $CONNECTIONS connections, $WORKERS gunicorn workers, 2 wrk threads, $VARIANT" \
  | tee "$OUT"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/results/load.lua "http://127.0.0.1:$PORT" \
  | tee -a "$OUT"
# Resident memory of each warmed worker after the run (kB in /proc, reported in MB).
RSS=$(for pid in $(pgrep -P "$GUNICORN"); do awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; done | sort -n)
echo "worker_rss_mb=$(echo "$RSS" | awk '{printf "%s%.0f", (NR > 1 ? "," : ""), $1 / 1024}')" \
  | tee -a "$OUT"
