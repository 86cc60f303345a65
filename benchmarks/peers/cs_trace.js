// A ChoiceScript run with no randomness, to compare with our engine step by step (tests only).
//
//   cd GAME_FOLDER && node cs_trace.js ORIGIN_NUMBER STEPS
//
// GAME_FOLDER holds randomtest.js and the rest copied from a ChoiceScript checkout, and the translated
// game in web/steppe_bench (benchmarks/peers/bench.py lays it out). randomtest.js is loaded with
// delay=true, so it sets ChoiceScript up without starting; its random chooser is then replaced by the same
// rule as the ink driver's trace: the last selectable option that neither draws nor rolls a check. Prints
// the variables after each choice, as JSON.
"use strict";

const vm = require("vm");
const fs = require("fs");

const origin = parseInt(process.argv[2], 10);
const steps = parseInt(process.argv[3], 10);
global.require = require;
process.argv = [process.argv[0], "randomtest.js", "delay=true", "game=steppe_bench", "showCoverage=false",
  "showChoices=false", "avoidUsedOptions=false"];
console.log = () => {}; // randomtest logs each *goto_scene
const print = (text) => process.stdout.write(text + "\n");
vm.runInThisContext(fs.readFileSync("randomtest.js", "utf-8"), "randomtest.js");

const names = ["skill", "fame", "money", "energy", "week", "city", "gigs_played"];
const out = [];
let previous = null;
class Done extends Error {}

global.chooseIndex = function (options) {
  if (previous !== null) {
    const values = { offered: previous };
    for (const name of names) values[name] = stats[name];
    out.push(values);
  }
  if (out.length >= steps) throw new Done();
  let pick = -1;
  options.forEach((option, index) => {
    if (!/^(Look for a gig|Audition for)/.test(option.ultimateOption.name)) pick = index;
  });
  previous = options.length;
  return pick;
};
const rand = Scene.prototype.rand;
Scene.prototype.rand = function (data) {
  if (/^origin\b/.test(data)) return this.setVar("origin", origin);
  return rand.call(this, data);
};

nav.resetStats(stats);
Math.seedrandom(0);
try {
  new Scene(nav.getStartupScene(), stats, nav, false).execute();
  while (timeout) {
    const next = timeout;
    timeout = null;
    next();
  }
} catch (err) {
  if (!(err instanceof Done)) throw err;
}
print(JSON.stringify(out));
