-- nea policy database: seed data of a new database.
--
-- Groups, policies and enforcements are the stock set every strongSwan PDP
-- starts with (DATABASE.md section 3), so a device that connects to a fresh
-- nea server is measured the way a fresh strongSwan server measures it:
-- a 'Debian 12 x86_64' device lands in 'Debian x86_64' and gets its
-- library measurements, then 'Linux' (IP forwarding, openssl, tnc_config
-- metadata), then 'Default' (packages, TCP and UDP ports).
--
-- Products and packages are samples. No package versions are given for
-- current distributions on purpose: a version list marks every other
-- installed release "not updated", which only an operator who maintains
-- the list should switch on.

-- ---------------------------------------------------------------- products

INSERT INTO products (id, name) VALUES
  ( 1, 'Debian 12 x86_64'),
  ( 2, 'Debian 12 i686'),
  ( 3, 'Debian 12 armv7l'),
  ( 4, 'Debian 12 armv6l'),
  ( 5, 'Debian 11 x86_64'),
  ( 6, 'Debian 10 x86_64'),
  ( 7, 'Debian 8.0 x86_64'),
  ( 8, 'Debian 8.0 armv7l'),
  ( 9, 'Debian 7.11 armv7l'),
  (10, 'Debian 7.10 armv7l'),
  (11, 'Debian 7.9 armv7l'),
  (12, 'Ubuntu 24.04 x86_64'),
  (13, 'Ubuntu 22.04 x86_64'),
  (14, 'Ubuntu 20.04 x86_64'),
  (15, 'Ubuntu 18.04 x86_64'),
  (16, 'Ubuntu 14.04 x86_64'),
  (17, 'Ubuntu 11.10 i686'),
  (18, 'Android 4.2.1'),
  (19, 'Android');

-- ---------------------------------------------------------------- files

INSERT INTO directories (id, path) VALUES
  ( 1, '/bin'),
  ( 2, '/etc'),
  ( 3, '/lib'),
  ( 4, '/lib/x86_64-linux-gnu'),
  ( 5, '/sbin'),
  ( 6, '/usr/bin'),
  ( 7, '/usr/lib'),
  ( 8, '/usr/lib/x86_64-linux-gnu'),
  ( 9, '/usr/sbin'),
  (10, '/system/bin'),
  (11, '/system/lib');

INSERT INTO files (id, dir, name) VALUES
  (1, 4, 'libcrypto.so.1.0.0'),
  (2, 4, 'libssl.so.1.0.0'),
  (3, 6, 'openssl'),
  (4, 2, 'tnc_config'),
  (5, 8, 'libcrypto.so.1.1'),
  (6, 8, 'libssl.so.1.1'),
  (7, 8, 'libcrypto.so.3'),
  (8, 8, 'libssl.so.3');

INSERT INTO algorithms (id, name) VALUES
  (32768, 'SHA1'),
  (16384, 'SHA256'),
  ( 8192, 'SHA384'),
  ( 4096, 'SHA512');

-- PTS functional components of vendor ITA-HSR (PEN 36906); qualifier 33 =
-- kernel + trusted platform, 34 = kernel + operating system.
INSERT INTO components (vendor_id, name, qualifier, label) VALUES
  (36906, 1, 33, 'G'),
  (36906, 2, 33, 'T'),
  (36906, 3, 33, 'B'),
  (36906, 3, 34, 'I');

-- ---------------------------------------------------------------- packages

INSERT INTO packages (id, name, blacklist) VALUES
  (1, 'openssl', 0),
  (2, 'libssl1.0.0', 0),
  (3, 'openssh-server', 0),
  (4, 'telnetd', 1);

INSERT INTO versions (package, product, release, security, blacklist, time) VALUES
  (1, 16, '1.0.1f-1ubuntu2.27', 1, 0, 1561939200),
  (2, 16, '1.0.1f-1ubuntu2.27', 1, 0, 1561939200),
  (2, 16, '1.0.1f-1ubuntu2',    0, 1, 1397692800),
  (3, 16, '1:6.6p1-2ubuntu2.13', 1, 0, 1561939200);

-- ---------------------------------------------------------------- groups

INSERT INTO groups (id, name, parent) VALUES
  ( 1, 'Default',        NULL),
  ( 2, 'Linux',          1),
  ( 3, 'Android',        1),
  ( 4, 'Debian i686',    2),
  ( 5, 'Debian x86_64',  2),
  ( 6, 'Ubuntu i686',    2),
  ( 7, 'Ubuntu x86_64',  2),
  ( 8, 'Reference',      NULL),
  ( 9, 'Ref. Android',   8),
  (10, 'Ref. Linux',     8),
  (11, 'TPM BIOS',       NULL),
  (12, 'TPM IMA',        NULL),
  (13, 'TPM BIOS/IMA',   NULL),
  (14, 'Debian armv6l',  2),
  (15, 'Debian armv7l',  2),
  (16, 'TPM TBOOT',      NULL);

-- The group a new device of a product joins; products without an entry
-- send their devices to 'Default'.
INSERT INTO groups_product_defaults (group_id, product_id) VALUES
  ( 5,  1), ( 4,  2), (15,  3), (14,  4), ( 5,  5), ( 5,  6), ( 5,  7),
  (15,  8), (15,  9), (15, 10), (15, 11),
  ( 7, 12), ( 7, 13), ( 7, 14), ( 7, 15), ( 7, 16), ( 6, 17),
  ( 3, 18);

-- ---------------------------------------------------------------- policies

-- Workitem types: 1 PCKGS, 2 UNSRC, 3 FWDEN, 4 PWDEN, 5 FREFM, 6 FMEAS,
-- 7 FMETA, 8 DREFM, 9 DMEAS, 10 DMETA, 11 TCPOP, 12 TCPBL, 13 UDPOP,
-- 14 UDPBL, 15 SWIDT, 16 TPMRA. Recommendations: 0 allow, 1 no access,
-- 2 isolate.
INSERT INTO policies (id, type, name, argument, rec_fail, rec_noresult, file, dir) VALUES
  ( 1,  1, 'Installed Packages',                                 '', 2, 2, 0, 0),
  ( 2,  2, 'Unknown Source',                                     '', 2, 2, 0, 0),
  ( 3,  3, 'IP Forwarding Enabled',                              '', 1, 1, 0, 0),
  ( 4,  4, 'Default Factory Password Enabled',                   '', 1, 1, 0, 0),
  ( 5,  6, 'Measure /lib/x86_64-linux-gnu/libcrypto.so.1.0.0',   '', 2, 2, 1, 0),
  ( 6,  6, 'Measure /lib/x86_64-linux-gnu/libssl.so.1.0.0',      '', 2, 2, 2, 0),
  ( 7,  6, 'Measure /usr/bin/openssl',                           '', 2, 2, 3, 0),
  ( 8, 11, 'No Open TCP Ports',                                  '', 1, 1, 0, 0),
  ( 9, 13, 'Open UDP Ports',                 '500 4500 10000-65000', 1, 1, 0, 0),
  (10,  7, 'Metadata of /etc/tnc_config',                        '', 0, 0, 4, 0),
  (11,  8, 'Get /usr/sbin',                                      '', 0, 0, 0, 9),
  (12,  6, 'Measure /usr/lib/x86_64-linux-gnu/libcrypto.so.1.1', '', 2, 2, 5, 0),
  (13,  6, 'Measure /usr/lib/x86_64-linux-gnu/libssl.so.1.1',    '', 2, 2, 6, 0),
  (14,  8, 'Get /system/bin',                                    '', 0, 0, 0, 10),
  (15,  8, 'Get /system/lib',                                    '', 0, 0, 0, 11),
  (16,  9, 'Measure /usr/sbin',                                  '', 2, 2, 0, 9),
  (17, 15, 'SWID Tag IDs',                                      'R', 2, 2, 0, 0),
  (18, 15, 'SWID Tags',                                          '', 2, 2, 0, 0),
  (19, 16, 'TPM BIOS Measurements',                             'B', 2, 2, 0, 0),
  (20, 16, 'TPM IMA Measurements',                              'I', 2, 2, 0, 0),
  (21, 16, 'TPM BIOS/IMA Measurements',                        'BI', 2, 2, 0, 0),
  (22, 16, 'TPM TBOOT Measurements',                            'T', 2, 2, 0, 0),
  (23,  6, 'Measure /usr/lib/x86_64-linux-gnu/libcrypto.so.3',   '', 2, 2, 7, 0),
  (24,  6, 'Measure /usr/lib/x86_64-linux-gnu/libssl.so.3',      '', 2, 2, 8, 0);

-- ---------------------------------------------------------------- enforcements

-- Within a group the policy manager creates workitems in id order, so the
-- order below is the order an IMV sees them.
INSERT INTO enforcements (id, policy, group_id, max_age) VALUES
  ( 1,  1,  1, 86400),
  ( 2,  2,  3,     0),
  ( 3,  3,  2,     0),
  ( 4, 12,  7, 86400),
  ( 5, 13,  7, 86400),
  ( 6,  7,  2, 86400),
  ( 7,  8,  1,    60),
  ( 8,  9,  1,    60),
  ( 9, 10,  2,    60),
  (10, 11, 10, 86400),
  (11, 23,  5, 86400),
  (12, 24,  5, 86400),
  (13, 14,  9,     0),
  (14, 15,  9,     0),
  (15, 19, 11,    60),
  (16, 20, 12,    60),
  (17, 21, 13,    60),
  (18, 22, 16,    60),
  (19, 17, 15, 86400);
