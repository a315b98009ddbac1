"""Consistency check for the held-out gold: every entity, topic label, stance, claim text,
speaker, occasion and time must occur in the (repaired) article; ids, categories and flags must be valid.
Run: python3 data/gold/heldout/check_heldout.py"""
import json, glob, os, re, sys
D = os.path.dirname(os.path.abspath(__file__))
KEYS = ["doc_id","people","countries","places","organizations","norp","not_entities","flags","notes","topics","positions","claims","events"]
CATS = {"security","defense","energy","economy","humanitarian","culture","diplomacy","technology","environment","health",None}
FLAGS = {"mojibake","llm_chat_artifact","duplicate_content","truncated","code_fence"}
STYPES = {"person","group","organization","country","unattributed"}
HEDGE = re.compile(r"\b(could|may|might|would|likely|unlikely|potentially|signal\w*|suggest\w*)\b", re.I)
# canonical names that are legitimately not spelled that way in the text
ALIASES = {"Liancourt Rocks": ["Dokdo","Takeshima"], "Faisal bin Farhan Al Saud": ["Faisal bin Farhan"],
           "State House (Kenya)": ["State House"], "Ministry of Foreign Affairs of Japan": ["Japan's Ministry of Foreign Affairs"],
           "Ministry of Foreign Affairs of Vietnam": ["Vietnam’s Ministry of Foreign Affairs"], "La Moneda Palace": ["La Moneda"],
           "Agua Negra Tunnel": ["Agua Negra tunnel"], "San Juan Province": ["province of San Juan"],
           "Coquimbo Region": ["Coquimbo region"], "Buenos Aires": ["BUENOS AIRES"], "United States": ["U.S.","United States"]}
bad = 0
def err(*a):
    global bad; bad += 1; print("  ERROR", *a)
tot = {}
for gf in sorted(glob.glob(D + '/*.json')):
    g = json.load(open(gf, encoding='utf-8'))
    raw = open(os.path.join(D, 'texts', g['doc_id']), encoding='utf-8').read()
    text = raw.encode('cp1252').decode('utf-8') if 'mojibake' in g['flags'] else raw
    print(g['doc_id'], len(text.split()), 'words')
    if list(g) != KEYS: err('keys', list(g))
    if os.path.basename(gf)[:-5] != os.path.splitext(g['doc_id'])[0]: err('stem')
    for k in KEYS[1:8]:
        if len(set(g[k])) != len(g[k]): err('dup in', k)
    if not set(g['flags']) <= FLAGS: err('flags')
    for k in ["people","countries","places","organizations","norp"]:
        for e in g[k]:
            forms = ALIASES.get(e, [e])
            if not any(f in text for f in forms): err('entity not in text', k, e)
    for ne in g['not_entities']:
        if ne not in text: err('not_entity not in text', ne)
    ents = set(g['people']) | set(g['countries']) | set(g['organizations'])
    labels = [t['label'] for t in g['topics']]
    if len(set(labels)) != len(labels): err('dup topic label')
    for t in g['topics']:
        if t['label'] not in text: err('topic label', t['label'])
        if t['category'] not in CATS: err('cat', t)
    for p in g['positions']:
        if p['stance'] not in text: err('stance', p['stance'])
        if p['actor'] not in set(g['people']) | set(g['countries']): err('actor', p['actor'])
        if p['category'] not in CATS: err('cat', p)
    for c in g['claims']:
        if c['text'] not in text: err('claim text', c['text'])
        if c['speaker'] is not None and c['speaker'] not in text: err('speaker', c['speaker'])
        for s in c['speaker_canonical']:
            if s not in ents: err('speaker_canonical', s)
        if c['speaker_type'] not in STYPES: err('stype', c)
        lex = bool(HEDGE.search(c['text'])) or c['cue'] in ('suggest',)
        if lex != c['hedged']: err('hedge mismatch', c['hedged'], c['text'][:60])
        if c['speaker_type'] in ('group','unattributed') and c['speaker_canonical']: err('group with canonical')
    for e in g['events']:
        for p in e['participants']:
            if p not in g['people']: err('participant', p)
        if e['location'] and e['location'] not in g['places']: err('loc', e['location'])
        if e['country'] not in g['countries']: err('country', e['country'])
        for k in ('occasion','time'):
            if e[k] is not None and e[k] not in text: err(k, e[k])
    # mojibake sanity
    if 'mojibake' in g['flags']:
        if raw.encode('cp1252').decode('utf-8') != text: err('roundtrip')
        if not any(c['text'] not in raw for c in g['claims']) and not any(p['stance'] not in raw for p in g['positions']):
            print('  note: no repaired-only strings')
    counts = {k: len(g[k]) for k in KEYS[1:8] + KEYS[9:]}
    print('  ', counts)
    for k, v in counts.items(): tot[k] = tot.get(k, 0) + v
print('TOTAL', tot)
print('errors:', bad)
sys.exit(1 if bad else 0)
