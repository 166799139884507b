#!/usr/bin/env node
// Fixes the wrong S3 XML namespace in s3rver 3.7.1.
// s3rver emits xmlns="http://doc.s3.amazonaws.com/2006-03-01/" but the real S3 namespace is
// "http://s3.amazonaws.com/doc/2006-03-01/". Clients that parse namespaced XML (the Minio .NET
// client) then see an empty ListObjects result. Runs as the npm "postinstall" script, so both
// `npm install` and `npm ci` apply it. Idempotent; fails loudly if neither the wrong nor the
// fixed string is found (i.e. s3rver changed and this patch must be revisited).
'use strict';
const fs = require('fs');
const path = require('path');

const WRONG = 'http://doc.s3.amazonaws.com/2006-03-01/';
const RIGHT = 'http://s3.amazonaws.com/doc/2006-03-01/';
const libDir = path.join(__dirname, 'node_modules', 's3rver', 'lib');

function walk(dir) {
  let out = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) out = out.concat(walk(p));
    else if (ent.isFile() && p.endsWith('.js')) out.push(p);
  }
  return out;
}

if (!fs.existsSync(libDir)) {
  console.error(`patch-s3rver: ${libDir} not found (is s3rver installed?)`);
  process.exit(1);
}

let patched = 0;
let alreadyFixed = 0;
for (const file of walk(libDir)) {
  const src = fs.readFileSync(file, 'utf8');
  if (src.includes(WRONG)) {
    fs.writeFileSync(file, src.split(WRONG).join(RIGHT));
    patched++;
    console.log(`patch-s3rver: fixed XML namespace in ${path.relative(__dirname, file)}`);
  } else if (src.includes(RIGHT)) {
    alreadyFixed++;
  }
}

if (patched === 0 && alreadyFixed === 0) {
  console.error(`patch-s3rver: FAILED - neither "${WRONG}" nor "${RIGHT}" found under ${libDir}; ` +
    's3rver changed, revisit scripts/s3rver/patch-s3rver.js');
  process.exit(1);
}
if (patched === 0) console.log(`patch-s3rver: already patched (${alreadyFixed} file(s))`);
