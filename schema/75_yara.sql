-- schema/75_yara.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Results of `procsnap mem yara --save`: YARA rules run over the memory captured with procsnap-collect --mem
-- (memory_regions, memory_chunks). Each contiguous captured range of a region is one scan block at its real
-- address, so a match never spans a hole and its address is the process's. Text columns hold the rules' and the
-- memory's bytes as found (escape on display).

-- One row per string match of a YARA rule in a process's captured memory (procsnap mem yara --save), or one
-- row per rule that matched without any string match. A new --save of the same snapshot with the same rule set
-- (rules_sha256) replaces that scan's rows for the pids it scanned. At most --max-matches rows per run.
CREATE TABLE IF NOT EXISTS yara_matches (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot whose captured memory was scanned
  pid INTEGER NOT NULL,                                  -- process id (one scan per process: its selected regions are the scan's blocks)
  start_time INTEGER,                                    -- stat starttime of the pid (ticks after boot), as in memory_regions; NULL if unknown
  region_start ANY,                                      -- start_addr of the memory_regions row holding the match (u64: INTEGER, or decimal TEXT above 2^63-1); NULL for a rule that matched without a string match
  address ANY,                                           -- address of the first matched byte in the process (block base + offset: each captured range is scanned at its real address); NULL as region_start
  rule TEXT NOT NULL,                                    -- rule identifier
  namespace TEXT NOT NULL,                               -- rule namespace: the rule file's path relative to the RULES directory, its name for a single file
  tags TEXT,                                             -- the rule's tags, space-separated in declaration order; NULL when none
  meta TEXT,                                             -- the rule's metadata as a JSON object (strings, integers, booleans; a repeated key keeps the last value); NULL when none
  string_id TEXT,                                        -- identifier of the matching string ('$a'); NULL for a rule that matched by its condition alone (no string match to show)
  match_length INTEGER,                                  -- length of the match in bytes (may exceed the stored data)
  data BLOB,                                             -- the first bytes of the match (at most 64, libyara's copy; raw, may be any bytes)
  hexdump TEXT,                                          -- data as hexdump -C lines (address, hex, printable ASCII only): safe to print
  rules_sha256 TEXT NOT NULL,                            -- SHA-256 over the rule files in compile order (for each: its namespace, a NUL, its bytes, a NUL): which rule set found it
  scanned_at TEXT NOT NULL                               -- when the scan ran, UTC ISO-8601 (analyst's clock)
) STRICT;
CREATE INDEX IF NOT EXISTS yara_matches_process ON yara_matches(snapshot_id, pid);
CREATE INDEX IF NOT EXISTS yara_matches_rule ON yara_matches(snapshot_id, rule);
