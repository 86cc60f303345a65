// The ink peer's side of the benchmark, run with node and the inkjs package from the npm registry.
//
//   node ink_driver.js compile STORY.ink OUT.json          compile with inkjs's own compiler
//   node ink_driver.js play STORY.json RUNS ORIGIN,...     random playthroughs with the inkjs runtime
//
// INKJS_DIR names the folder holding node_modules/inkjs (the benchmark installs it outside the repo).
// Each mode prints one JSON line; times are this process's CPU seconds (user + system) around the work
// alone, so node's own start-up and the file reading are not counted, as in our in-process figures.
"use strict";

const fs = require("fs");
const path = require("path");

const inkjs = require(require.resolve("inkjs/full", { paths: [path.resolve(process.env.INKJS_DIR || ".")] }));

function cpuSeconds() {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

// mulberry32: a small seeded generator, so a run's choices are reproducible.
function generator(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function compile(source, out) {
  const text = fs.readFileSync(source, "utf-8");
  const errors = [];
  const options = new inkjs.CompilerOptions(null, [], false, (message, type) => {
    if (type === 2) errors.push(message); // ErrorType: 0 author, 1 warning, 2 error
  });
  const start = cpuSeconds();
  const wallStart = process.hrtime.bigint();
  let json = null;
  try {
    const story = new inkjs.Compiler(text, options).Compile();
    json = story.ToJson();
  } catch (err) {
    if (!errors.length) errors.push(String(err && err.message ? err.message : err));
  }
  const seconds = cpuSeconds() - start;
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
  if (json !== null) fs.writeFileSync(out, json);
  console.log(JSON.stringify({ seconds, wall, errors: errors.slice(0, 20), bytes: json ? json.length : 0 }));
  return errors.length ? 1 : 0;
}

function play(compiled, runs, origins, maxTurns) {
  const story = new inkjs.Story(fs.readFileSync(compiled, "utf-8"));
  const endings = {};
  const choicesPerRun = [];
  let loops = 0;
  let deadEnds = 0;
  let characters = 0;
  const start = cpuSeconds();
  const wallStart = process.hrtime.bigint();
  for (let run = 0; run < runs; run++) {
    story.ResetState();
    story.state.storySeed = run;
    story.ChoosePathString("origin_" + origins[run % origins.length]);
    const pick = generator(run + 1);
    let choices = 0;
    for (;;) {
      // Continue() produces every line of text, as a player would see it: ink always renders.
      while (story.canContinue) characters += story.Continue().length;
      const offered = story.currentChoices;
      if (offered.length === 0) {
        const ending = story.variablesState["ending"];
        if (ending) endings[ending] = (endings[ending] || 0) + 1;
        else deadEnds++;
        break;
      }
      if (choices >= maxTurns) {
        loops++;
        break;
      }
      story.ChooseChoiceIndex(Math.floor(pick() * offered.length));
      choices++;
    }
    choicesPerRun.push(choices);
  }
  const seconds = cpuSeconds() - start;
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const total = choicesPerRun.reduce((a, b) => a + b, 0);
  const sorted = choicesPerRun.slice().sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      seconds,
      wall,
      runs,
      choices: total,
      median_choices: sorted[Math.floor(sorted.length / 2)],
      loops,
      dead_ends: deadEnds,
      endings,
      characters,
    }),
  );
  return deadEnds ? 1 : 0;
}

// A run with no randomness, to compare with our engine step by step: always the last offered choice that
// neither draws from a pool nor rolls a check; prints the variables after each choice.
function trace(compiled, origin, steps) {
  const story = new inkjs.Story(fs.readFileSync(compiled, "utf-8"));
  story.ChoosePathString("origin_" + origin);
  const names = ["skill", "fame", "money", "energy", "week", "city", "gigs_played"];
  const out = [];
  for (let step = 0; step < steps; step++) {
    while (story.canContinue) story.Continue();
    const offered = story.currentChoices;
    if (offered.length === 0) break;
    let pick = -1;
    offered.forEach((choice, index) => {
      if (!/^(Look for a gig|Audition for)/.test(choice.text)) pick = index;
    });
    story.ChooseChoiceIndex(pick);
    while (story.canContinue) story.Continue(); // the choice's effects run as its content continues
    const values = { offered: offered.length };
    for (const name of names) values[name] = story.variablesState[name];
    out.push(values);
    // currentChoices is now the next scene's: the loop reads them without continuing again
  }
  console.log(JSON.stringify(out));
  return 0;
}

function main(argv) {
  const mode = argv[0];
  if (mode === "compile") return compile(argv[1], argv[2]);
  if (mode === "trace") return trace(argv[1], argv[2], parseInt(argv[3], 10));
  if (mode === "play") return play(argv[1], parseInt(argv[2], 10), argv[3].split(","), parseInt(argv[4] || "400", 10));
  console.error("usage: ink_driver.js compile STORY.ink OUT.json | play STORY.json RUNS ORIGINS [MAX_TURNS]");
  return 2;
}

process.exitCode = main(process.argv.slice(2));
