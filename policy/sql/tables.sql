-- nea policy database: the tables of strongSwan's IMV policy database
-- (libimcv "config.db", as read by attest, strongTNC and the IMVs), written
-- for nea. Table and column names and meanings follow
-- /work/shared/spec/DATABASE.md so existing tools keep working.
--
-- Conventions of this schema family that the code relies on:
--   * a row id of 0 in sessions.identity/device/product, policies.file/dir,
--     files.dir and file_hashes.device means "none"; those columns carry no
--     REFERENCES clause, because SQLite would reject the 0 once foreign keys
--     are enforced (nea-created databases run with foreign_keys = ON);
--   * times are Unix seconds; recommendations are the IF-IMV values
--     0 allow, 1 no access, 2 isolate, 3 no recommendation.
-- The schema version lives in PRAGMA user_version (set by pdb_open).
-- This file is schema version 1; later versions are the migrations in
-- policy/pdb_open.c, which a new database gets right after this file
-- (version 2: results_device_policy, a trigger-kept copy of each result's
-- device, policy and session time for the max_age lookup).

-- ---------------------------------------------------------------- reference

CREATE TABLE directories (
  id    INTEGER PRIMARY KEY AUTOINCREMENT,
  path  TEXT NOT NULL
);
CREATE INDEX directories_path ON directories (path);

CREATE TABLE files (
  id    INTEGER PRIMARY KEY AUTOINCREMENT,
  dir   INTEGER DEFAULT 0,           -- directories.id, 0 = none
  name  TEXT NOT NULL
);
CREATE INDEX files_name ON files (name);

CREATE TABLE products (
  id    INTEGER PRIMARY KEY AUTOINCREMENT,
  name  TEXT NOT NULL               -- "<os name> <version> <arch>"
);
CREATE INDEX products_name ON products (name);

CREATE TABLE algorithms (
  id    INTEGER PRIMARY KEY,        -- PTS hash algorithm bit
  name  VARCHAR(20) NOT NULL
);

CREATE TABLE packages (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  blacklist  INTEGER DEFAULT 0      -- 1: every version is blacklisted
);
CREATE INDEX packages_name ON packages (name);

CREATE TABLE versions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  package    INTEGER NOT NULL REFERENCES packages (id),
  product    INTEGER NOT NULL REFERENCES products (id),
  release    TEXT NOT NULL,         -- '*' matches any installed release
  security   INTEGER DEFAULT 0,     -- 1: this release fixed a security issue
  blacklist  INTEGER DEFAULT 0,     -- 1: this release must not be installed
  time       INTEGER DEFAULT 0
);
CREATE INDEX versions_release ON versions (release);
CREATE INDEX versions_package_product ON versions (package, product);

CREATE TABLE file_hashes (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  file     INTEGER NOT NULL REFERENCES files (id),
  version  INTEGER REFERENCES versions (id),   -- NULL: any version
  device   INTEGER,                            -- devices.id, NULL/0: any
  size     INTEGER,
  algo     INTEGER NOT NULL REFERENCES algorithms (id),
  hash     VARCHAR(64) NOT NULL,
  mutable  INTEGER DEFAULT 0
);
CREATE INDEX file_hashes_idx ON file_hashes (file, version, algo);

CREATE TABLE components (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  vendor_id  INTEGER NOT NULL,      -- PEN
  name       INTEGER NOT NULL,
  qualifier  INTEGER DEFAULT 0,
  label      TEXT NOT NULL
);

-- ---------------------------------------------------------------- endpoints

CREATE TABLE devices (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  description  TEXT DEFAULT '',
  value        TEXT NOT NULL,       -- ITA-HSR Device ID
  product      INTEGER REFERENCES products (id),
  trusted      INTEGER DEFAULT 0,
  created      INTEGER,             -- first group assignment; NULL/0 = new
  inactive     INTEGER DEFAULT 0
);
CREATE INDEX devices_value ON devices (value);

CREATE TABLE component_hashes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  component  INTEGER NOT NULL REFERENCES components (id),
  key        INTEGER NOT NULL REFERENCES devices (id),
  seq_no     INTEGER NOT NULL,
  pcr        INTEGER NOT NULL,
  algo       INTEGER NOT NULL REFERENCES algorithms (id),
  hash       BLOB NOT NULL
);

CREATE TABLE identities (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  type   INTEGER NOT NULL,          -- TNC AR identity type (1 IPv4, 5 user name, ...)
  value  BLOB NOT NULL,
  UNIQUE (type, value)
);

CREATE TABLE groups (
  id      INTEGER PRIMARY KEY,
  name    VARCHAR(50) NOT NULL UNIQUE,
  parent  INTEGER REFERENCES groups (id)       -- NULL: a root group
);

CREATE TABLE groups_members (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id   INTEGER NOT NULL REFERENCES groups (id),
  device_id  INTEGER NOT NULL REFERENCES devices (id),
  UNIQUE (group_id, device_id)
);
CREATE INDEX groups_members_device ON groups_members (device_id);

CREATE TABLE groups_product_defaults (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id    INTEGER NOT NULL REFERENCES groups (id),
  product_id  INTEGER NOT NULL REFERENCES products (id),
  UNIQUE (group_id, product_id)
);

-- ---------------------------------------------------------------- policies

CREATE TABLE policies (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  type          INTEGER NOT NULL,   -- workitem type 1..16
  name          VARCHAR(100) NOT NULL UNIQUE,
  argument      TEXT DEFAULT '' NOT NULL,
  rec_fail      INTEGER NOT NULL,
  rec_noresult  INTEGER NOT NULL,
  file          INTEGER DEFAULT 0,  -- files.id, 0 = none
  dir           INTEGER DEFAULT 0   -- directories.id, 0 = none
);

CREATE TABLE enforcements (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  policy        INTEGER NOT NULL REFERENCES policies (id),
  group_id      INTEGER NOT NULL REFERENCES groups (id),
  rec_fail      INTEGER,            -- non-zero overrides the policy's value
  rec_noresult  INTEGER,
  max_age       INTEGER NOT NULL,   -- seconds a passed check stays valid
  UNIQUE (policy, group_id)
);
CREATE INDEX enforcements_group ON enforcements (group_id);

-- ---------------------------------------------------------------- runtime

CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  time        INTEGER NOT NULL,
  connection  INTEGER NOT NULL,     -- TNCCS connection id
  identity    INTEGER DEFAULT 0,    -- identities.id, 0 = none
  device      INTEGER DEFAULT 0,    -- devices.id, 0 = none
  product     INTEGER DEFAULT 0,    -- products.id, 0 = none
  rec         INTEGER DEFAULT 3
);
CREATE INDEX sessions_device ON sessions (device, time);
CREATE INDEX sessions_time ON sessions (time);

CREATE TABLE sessions_identities (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id   INTEGER NOT NULL REFERENCES sessions (id),
  identity_id  INTEGER NOT NULL REFERENCES identities (id),
  UNIQUE (session_id, identity_id)
);

CREATE TABLE workitems (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  session       INTEGER NOT NULL REFERENCES sessions (id),
  enforcement   INTEGER NOT NULL REFERENCES enforcements (id),
  type          INTEGER NOT NULL,
  arg_str       TEXT,
  arg_int       INTEGER DEFAULT 0,  -- file or directory id, earliest EID
  rec_fail      INTEGER NOT NULL,
  rec_noresult  INTEGER NOT NULL,
  rec_final     INTEGER,            -- NULL until an IMV finalized it
  result        TEXT
);
CREATE INDEX workitems_sessions ON workitems (session);

CREATE TABLE results (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  session  INTEGER NOT NULL REFERENCES sessions (id),
  policy   INTEGER NOT NULL REFERENCES policies (id),
  rec      INTEGER NOT NULL,
  result   TEXT NOT NULL
);
CREATE INDEX results_session ON results (session);
CREATE INDEX results_policy ON results (policy);

-- ---------------------------------------------------------------- SWID/SWIMA

CREATE TABLE swid_entities (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  name   VARCHAR(255) NOT NULL,
  regid  VARCHAR(255) NOT NULL
);
CREATE INDEX swid_entities_name ON swid_entities (name);
CREATE INDEX swid_entities_regid ON swid_entities (regid);

CREATE TABLE swid_tags (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id    INTEGER REFERENCES versions (id),
  package_name  VARCHAR(255) NOT NULL,
  version_str   VARCHAR(255) NOT NULL,
  unique_id     VARCHAR(255) NOT NULL,
  swid_xml      TEXT NOT NULL,
  software_id   VARCHAR(255) NOT NULL
);
CREATE INDEX swid_tags_version_id ON swid_tags (version_id);
CREATE INDEX swid_tags_package_name ON swid_tags (package_name);
CREATE INDEX swid_tags_unique_id ON swid_tags (unique_id);
CREATE INDEX swid_tags_software_id ON swid_tags (software_id);

CREATE TABLE swid_entityroles (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tag_id     INTEGER NOT NULL REFERENCES swid_tags (id),
  entity_id  INTEGER NOT NULL,
  role       SMALLINT NOT NULL
);
CREATE INDEX swid_entityroles_tag_id ON swid_entityroles (tag_id);
CREATE INDEX swid_entityroles_entity_id ON swid_entityroles (entity_id);

CREATE TABLE swid_tags_files (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  tag_id   INTEGER NOT NULL REFERENCES swid_tags (id),
  file_id  INTEGER NOT NULL REFERENCES files (id),
  UNIQUE (tag_id, file_id)
);
CREATE INDEX swid_tags_files_tag_id ON swid_tags_files (tag_id);
CREATE INDEX swid_tags_files_file_id ON swid_tags_files (file_id);

CREATE TABLE swid_tags_sessions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  tag_id      INTEGER NOT NULL REFERENCES swid_tags (id),
  session_id  INTEGER NOT NULL REFERENCES sessions (id),
  UNIQUE (tag_id, session_id)
);
CREATE INDEX swid_tags_sessions_tag_id ON swid_tags_sessions (tag_id);
CREATE INDEX swid_tags_sessions_session_id ON swid_tags_sessions (session_id);

CREATE TABLE swid_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  device     INTEGER NOT NULL REFERENCES devices (id),
  epoch      INTEGER NOT NULL,
  eid        INTEGER NOT NULL,
  timestamp  CHAR(20) NOT NULL      -- RFC 3339, UTC
);
CREATE INDEX swid_events_device ON swid_events (device);

CREATE TABLE swid_tags_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tag_id     INTEGER NOT NULL REFERENCES swid_tags (id),
  event_id   INTEGER NOT NULL REFERENCES swid_events (id),
  action     INTEGER NOT NULL,      -- 1 creation, 2 deletion, 3 alteration
  record_id  INTEGER DEFAULT 0,
  source_id  INTEGER DEFAULT 0
);
CREATE INDEX swid_tags_events_tag_id ON swid_tags_events (tag_id);
CREATE INDEX swid_tags_events_event_id ON swid_tags_events (event_id);

CREATE TABLE swid_tagstats (
  id                  INTEGER PRIMARY KEY,
  tag_id              INTEGER NOT NULL REFERENCES swid_tags (id),
  device_id           INTEGER NOT NULL REFERENCES devices (id),
  first_seen_id       INTEGER REFERENCES sessions (id),
  last_seen_id        INTEGER REFERENCES sessions (id),
  first_installed_id  INTEGER REFERENCES swid_events (id),
  last_deleted_id     INTEGER REFERENCES swid_events (id),
  UNIQUE (tag_id, device_id)
);
CREATE INDEX swid_tagstats_tag_id ON swid_tagstats (tag_id);
CREATE INDEX swid_tagstats_device_id ON swid_tagstats (device_id);
CREATE INDEX swid_tagstats_first_seen_id ON swid_tagstats (first_seen_id);
CREATE INDEX swid_tagstats_last_seen_id ON swid_tagstats (last_seen_id);
