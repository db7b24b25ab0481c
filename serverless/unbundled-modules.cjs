// Puts packages that no bundle can hold into the zips of the functions that need them: a native
// binary (sharp's libvips, for the function's architecture only), or a module that a worker thread
// loads by its path (heic-decode, libheif compiled to WebAssembly). serverless-esbuild leaves them
// out (custom.esbuild.exclude); this adds them, after it has zipped each function:
//
//   custom:
//     unbundledModules:
//       processor: [sharp, heic-decode, { name: libheif-js, files: [package.json, …] }]
//
// Each package is taken from the workspace's node_modules with its dependencies, recursively. A
// package that declares `os`, `cpu` or `libc` (sharp's @img/* binaries) goes in only when they
// match Lambda: linux, glibc, and provider.architecture (arm64 or x86_64). pnpm installs the
// binaries of both architectures (supportedArchitectures in pnpm-workspace.yaml).
const { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const CPU = { arm64: 'arm64', x86_64: 'x64' };

class UnbundledModules {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      initialize: () => this.checkArchitecture(),
      'after:package:createDeploymentArtifacts': () => this.addToZips(),
    };
  }

  checkArchitecture() {
    const architecture = this.serverless.service.provider.architecture;
    if (!CPU[architecture]) throw new Error(`provider.architecture (LAMBDA_ARCHITECTURE) must be arm64 or x86_64, not ${JSON.stringify(architecture)}`);
  }

  async addToZips() {
    const JSZip = require('jszip');
    const wanted = this.serverless.service.custom?.unbundledModules ?? {};
    const target = { os: 'linux', cpu: CPU[this.serverless.service.provider.architecture], libc: 'glibc' };
    const root = this.serverless.serviceDir;
    for (const [functionName, modules] of Object.entries(wanted)) {
      const fn = this.serverless.service.getFunction(functionName);
      const artifact = fn.package?.artifact;
      if (!artifact || !existsSync(artifact)) throw new Error(`unbundledModules: no zip for function ${functionName}`);
      const zip = await JSZip.loadAsync(readFileSync(artifact));
      const packages = new Map();
      // An entry is a package name, or { name, files }: the files a package really needs, where it
      // ships several builds (libheif-js: asm.js, ES module and WebAssembly; heic-decode loads one).
      const only = new Map(modules.filter((entry) => typeof entry === 'object').map((entry) => [entry.name, new Set(entry.files)]));
      for (const entry of modules) collect(typeof entry === 'object' ? entry.name : entry, root, target, packages);
      let files = 0;
      for (const [name, dir] of packages) {
        for (const file of walk(dir)) {
          if (only.has(name) && !only.get(name).has(relative(dir, file))) continue;
          const stat = statSync(file);
          zip.file(`node_modules/${name}/${relative(dir, file)}`, readFileSync(file), { unixPermissions: stat.mode, date: new Date('2020-01-01T00:00:00Z') });
          files += 1;
        }
      }
      const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
      writeFileSync(artifact, bytes);
      this.serverless.cli.log(`unbundledModules: ${functionName} (${target.cpu}): ${[...packages.keys()].join(', ')} (${files} files)`);
    }
  }
}

/** Adds a package and its (optional) dependencies that suit the target, each once. */
function collect(name, fromDir, target, packages) {
  if (packages.has(name)) return;
  const dir = findPackageDir(name, fromDir);
  if (!dir) return;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!suits(manifest, target)) return;
  packages.set(name, dir);
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) collect(dependency, dir, target, packages);
}

/** Node's lookup: node_modules/<name> in this folder or the nearest parent that has it. */
function findPackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return null;
  }
}

/** npm's rule for os/cpu/libc: a package that lists them installs only where one matches (`!x` excludes). */
function suits(manifest, target) {
  return ['os', 'cpu', 'libc'].every((field) => {
    const list = manifest[field];
    if (!Array.isArray(list) || list.length === 0) return true;
    if (list.includes(`!${target[field]}`)) return false;
    const allowed = list.filter((entry) => !entry.startsWith('!'));
    return allowed.length === 0 || allowed.includes(target[field]);
  });
}

/** Every file below a package, without its own node_modules (dependencies are collected on their own). */
function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

module.exports = UnbundledModules;
