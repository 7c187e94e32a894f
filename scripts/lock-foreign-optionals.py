#!/usr/bin/env python3
"""Records other platforms' optional native packages in package-lock.json.

The registry this project installs from does not serve every platform's prebuilt binary (darwin, win32, musl, ...),
so `npm install` leaves them out of the lock and `npm ci` then refuses the lock as out of sync. Each such package only
ever installs on its own os/cpu/libc, so an entry naming its version and platform is all `npm ci` needs to skip it.
Run after `npm install`: python3 scripts/lock-foreign-optionals.py
"""
import json
import pathlib
import subprocess

CPUS = {'arm64', 'x64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x'}
OSES = {'android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32'}


def platform_of(name):
    tokens = name.split('/')[-1].split('-')
    os_name = next((t for t in tokens if t in OSES), None)
    cpu = next((t for t in tokens if t in CPUS), None)
    if os_name is None or cpu is None:
        raise SystemExit(f'cannot tell the platform of {name}')
    entry = {'os': [os_name], 'cpu': [cpu]}
    if os_name == 'linux':
        entry['libc'] = ['musl'] if any(t.startswith('musl') for t in tokens) else ['glibc']
    return entry


def missing_packages(root):
    probe = subprocess.run(['npm', 'ci', '--dry-run', '--ignore-scripts'], cwd=root, capture_output=True, text=True)
    lines = (probe.stdout + probe.stderr).splitlines()
    return [line.split('Missing: ')[1].split('@ from lock file')[0] for line in lines if 'Missing: ' in line]


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    lock_path = root / 'package-lock.json'
    lock = json.loads(lock_path.read_text())
    packages = lock['packages']
    wanted = {}
    for path, meta in packages.items():
        for dep, version in meta.get('optionalDependencies', {}).items():
            wanted.setdefault(dep, (version, meta.get('dev', False)))
    added = 0
    for name in missing_packages(root):
        version, dev = wanted[name]
        entry = {'version': version}
        if dev:
            entry['dev'] = True
        entry['optional'] = True
        entry.update(platform_of(name))
        packages[f'node_modules/{name}'] = entry
        added += 1
    lock['packages'] = dict(sorted(packages.items(), key=lambda item: item[0]))
    lock_path.write_text(json.dumps(lock, indent=2) + '\n')
    print(f'recorded {added} optional package(s) of other platforms')


if __name__ == '__main__':
    main()
