#!/usr/bin/env bash
# Bytes a finished interview takes in the database (docs/performance.md, "Memory and database").
# Starts `mock-interviewer serve` on a fresh database, holds whole interviews with the load
# generator for DURATION_MS, stops the server, keeps only the finished interviews (VACUUM packs
# the file) and prints the file's bytes per finished interview and per 30 answers, and SQLite's
# pages by table; then what each event type's JSON would take uncompressed, and what the stored
# rows take, per finished interview.
# The default plan gives about 30 answers per interview with the load generator's answers (11
# questions and a task, up to two follow-ups each; 29-30 answers on average).
# Usage: tools/load/measure-db.sh [BUILD_DIR] [PLAN_JSON] [DURATION_MS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
default_plan='{"role":"backend-developer","seniority":"mid","seed":42,"questions_per_stage":3,"follow_ups_per_question":2}'
plan="${2:-$default_plan}"
duration="${3:-20000}"
connections="${4:-20}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/mock-interviewer" serve --host 127.0.0.1 --port 0 --db "$dir/load.db" --content content --web /nonexistent \
  --log-level warn --max-messages-per-second 1000 --rate-limit-strikes 1000 --max-connections 1000000 \
  --max-connections-per-address 1000000 --max-interviews-per-minute 1000000 > "$dir/stdout" &
server=$!
for _ in $(seq 200); do grep -q '^listening on' "$dir/stdout" && break; sleep 0.1; done
port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$dir/stdout")
"$build/tools/load/mock-interviewer-load" --port "$port" --server-pid "$server" -c "$connections" \
  --duration-ms "$duration" --plan "$plan" | tail -n +2
kill -TERM "$server"
wait "$server" || true
# Python reads the event segments (server/event_segment.hpp: a format byte, 1 = raw deflate of
# each event's type and payload as varint-length-prefixed bytes, then its time as a zigzag varint
# delta; 2 = those bytes uncompressed; 3 = a Zstandard frame of them, read through the libzstd
# the server links), since the sqlite3 shell cannot decompress them; it also takes the unfinished interviews'
# answers out of the contentless search index, which needs each answer's text to do so, after
# indexing the answers still waiting for it.
# What both readers below share: a segment's bytes before compression, and its varints.
cat > "$dir/segments.py" <<'PY'
import ctypes, zlib
zstd = ctypes.CDLL("libzstd.so.1")
zstd.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
zstd.ZSTD_decompress.restype = ctypes.c_size_t

def unpack(blob):
    assert blob[0] in (1, 2, 3), "unknown segment format %d" % blob[0]
    if blob[0] == 1: return zlib.decompress(blob[1:], -15)
    if blob[0] == 2: return blob[1:]
    frame = bytes(blob[1:])
    size = zstd.ZSTD_getFrameContentSize(frame, ctypes.c_size_t(len(frame)))
    out = ctypes.create_string_buffer(size)
    assert zstd.ZSTD_decompress(out, ctypes.c_size_t(size), frame, ctypes.c_size_t(len(frame))) == size
    return out.raw

def varint(data, at):
    value = shift = 0
    while True:
        byte = data[at]; at += 1
        value |= (byte & 0x7f) << shift; shift += 7
        if byte < 0x80: return value, at
PY
python3 - "$dir/load.db" "$dir" <<'PY'
import json, sqlite3, sys, collections
sys.path.insert(0, sys.argv[2])
from segments import unpack, varint
db = sqlite3.connect(sys.argv[1])

def segment_events(blob):
    data, at, events = unpack(blob), 0, []
    while at < len(data):
        size, at = varint(data, at); kind = data[at:at + size].decode(); at += size
        size, at = varint(data, at); payload = data[at:at + size]; at += size
        _, at = varint(data, at)
        events.append((kind, payload))
    return events

# Answers still waiting for the search index (schema migration 9) go into it first, as a search
# would take them: what a finished interview costs includes its words in the index.
if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'answer_search_pending'").fetchone():
    db.execute("INSERT INTO answer_search (rowid, text) SELECT row, text FROM answer_search_pending ORDER BY row")
    db.execute("DELETE FROM answer_search_pending")
unfinished = [row[0] for row in db.execute("SELECT id FROM interviews WHERE status <> 'finished'")]
for interview in unfinished:
    texts = {}
    for first, blob in db.execute("SELECT first_seq, events FROM interview_event_segments WHERE interview_id = ?", (interview,)):
        for offset, (kind, payload) in enumerate(segment_events(blob)):
            if kind == 'answer_received':
                text = json.loads(payload).get('text')
                if isinstance(text, str): texts[first + offset] = text
    for row, seq in db.execute("SELECT id, seq FROM answer_search_rows WHERE interview_id = ?", (interview,)).fetchall():
        db.execute("INSERT INTO answer_search (answer_search, rowid, text) VALUES ('delete', ?, ?)", (row, texts[seq]))
    for table in ('answer_search_rows', 'client_messages', 'interview_event_segments', 'interview_events'):
        db.execute("DELETE FROM %s WHERE interview_id = ?" % table, (interview,))
    db.execute("DELETE FROM interviews WHERE id = ?", (interview,))
db.commit()
db.execute("VACUUM")
PY
finished=$(sqlite3 "$dir/load.db" "SELECT count(*) FROM interviews")
bytes=$(stat -c %s "$dir/load.db")
python3 - "$dir/load.db" "$finished" "$bytes" "$dir" <<'PY'
import json, sqlite3, sys, collections
sys.path.insert(0, sys.argv[4])
from segments import unpack, varint
db, finished, file_bytes = sqlite3.connect(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
count, size = collections.Counter(), collections.Counter()
stored = 0
for blob, in db.execute("SELECT events FROM interview_event_segments"):
    stored += len(blob)
    data, at = unpack(blob), 0
    while at < len(data):
        n, at = varint(data, at); kind = data[at:at + n].decode(); at += n
        n, at = varint(data, at); size[kind] += n; count[kind] += 1; at += n
        _, at = varint(data, at)
for kind, n, payload in db.execute("SELECT type, 1, length(payload_json) FROM interview_events"):
    count[kind] += 1; size[kind] += payload; stored += payload
answers = count['answer_received']
per = max(finished, 1)
print("finished interviews: %d, %.1f answers each, database file: %d bytes, %.1f KiB per finished interview, "
      "%.1f KiB per 30 answers" % (finished, answers / per, file_bytes, file_bytes / per / 1024,
                                   file_bytes / max(answers, 1) * 30 / 1024))
print("event JSON before compression (KiB per finished interview), and the rows as stored:")
for kind, n in sorted(size.items(), key=lambda item: -item[1]):
    print("  %-18s %6.1f events %7.2f KiB" % (kind, count[kind] / per, n / per / 1024))
print("  %-18s %6.1f events %7.2f KiB uncompressed, stored in %.2f KiB" %
      ("all", sum(count.values()) / per, sum(size.values()) / per / 1024, stored / per / 1024))
print("pages by table and index (KiB per finished interview, of them unused):")
for name, kib, unused in db.execute("SELECT name, sum(pgsize) * 1.0 / ? / 1024, sum(unused) * 1.0 / ? / 1024 FROM dbstat "
                                    "GROUP BY name HAVING sum(pgsize) * 1.0 / ? / 1024 > 0.1 ORDER BY 2 DESC",
                                    (per, per, per)):
    print("  %-36s %7.2f %7.2f" % (name, kib, unused))
PY
