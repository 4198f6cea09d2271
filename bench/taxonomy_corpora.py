# bench/taxonomy_corpora.py REPO OUT: corpora for the taxonomy benchmarks (BENCHMARKS.md, "Tags and services").
# tags4k/, tags10k/: one report (the example) with 4,000 or 10,000 distinct tags.
# svc2k/: gen_corpus.py's 1,000 seed reports, each given 4 services in front matter
#   (svc-<2n>, svc-<2n+1> and two drawn from the 2,000 with seed 1): 2,000 distinct services.
import os, random, subprocess, sys
repo, out = sys.argv[1], sys.argv[2]
config = 'title: Bench\nlanguage: en\nbase_url: "https://bench.example/"\n'
example = open(os.path.join(repo, 'content/2025-01-15-instance-crash.md')).read()
for count in (4000, 10000):
    tags = os.path.join(out, f'tags{count // 1000}k')
    os.makedirs(os.path.join(tags, 'content'))
    open(os.path.join(tags, 'incidex.yaml'), 'w').write(config)
    front = 'tags: [' + ', '.join(f'tag-{i:05}' for i in range(count)) + ']\n'
    open(os.path.join(tags, 'content', 'many-tags.md'), 'w').write(f'---\n{front}---\n{example}')
svc = os.path.join(out, 'svc2k')
os.makedirs(svc)
open(os.path.join(svc, 'incidex.yaml'), 'w').write(config)
subprocess.run([sys.executable, '/work/shared/bench/gen_corpus.py', '--count', '1000',
                '--format', 'seed', '--out', os.path.join(svc, 'content')], check=True)
rng = random.Random(1)
files = sorted(f for f in os.listdir(os.path.join(svc, 'content')) if f.endswith('.md'))
assert len(files) == 1000, len(files)
for n, name in enumerate(files):
    path = os.path.join(svc, 'content', name)
    services = [2 * n, 2 * n + 1, rng.randrange(2000), rng.randrange(2000)]
    names = ', '.join(f'svc-{s:04}' for s in dict.fromkeys(services))
    text = open(path).read()
    open(path, 'w').write(f'---\nservices: [{names}]\n---\n{text}')
