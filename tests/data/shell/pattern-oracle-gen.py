import re, random, json
random.seed(7)
def conv(p, greedy, anchored):
    out = '^' if anchored else ''
    star = '.*' if greedy else '.*?'
    i = 0
    while i < len(p):
        c = p[i]
        if c == '*': out += star
        elif c == '?': out += '.'
        elif c == '\\':
            i += 1; out += re.escape(p[i])
        else: out += re.escape(c)
        i += 1
    return re.compile(out)
def rev_pat(p):
    toks=[]; i=0
    while i < len(p):
        if p[i]=='\\' and i+1 < len(p): toks.append(p[i:i+2]); i+=2
        else: toks.append(p[i]); i+=1
    return ''.join(reversed(toks))
def trim_prefix(p, v, g):
    m = conv(p, g, True).search(v)
    return v[m.end():] if m else v
def trim_suffix(p, v, g):
    return trim_prefix(rev_pat(p), v[::-1], g)[::-1]
def replace(p, v, r, all_):
    rx = conv(p, True, False)
    if not all_:
        m = rx.search(v)
        return v if not m else v[:m.start()] + r + v[m.end():]
    out=''; last=0; search=0
    while search <= len(v):
        m = rx.search(v, search)
        if not m: break
        a0,a1 = m.start(), m.end()
        out += v[last:a0]
        if a1 > last or a0 == 0: out += r
        last = a1
        if search + 1 > a1: search += 1
        else: search = a1
    return out + v[last:]
cases=[]
for _ in range(3000):
    v = ''.join(random.choice('ab/.x\n') for _ in range(random.randint(0,12)))
    toks = [random.choice(['a','b','/','*','?','.','x','\\*','**']) for _ in range(random.randint(0,5))]
    p = ''.join(toks)
    op = random.choice(['#','##','%','%%','/','//'])
    if op == '/' and p == '': op = '//'
    if op == '//' and p == '': continue
    if op in ('#','##'): exp = trim_prefix(p, v, op=='##')
    elif op in ('%','%%'): exp = trim_suffix(p, v, op=='%%')
    else: exp = replace(p, v, 'R', op=='//')
    # in the word, '/' in the pattern must be written \/ for the / ops
    wp = p.replace('/', '\\/') if op in ('/','//') else p
    word = '${v' + op + wp + ('/R' if op in ('/','//') else '') + '}'
    cases.append({'value': v, 'word': word, 'expected': exp})
json.dump(cases, open('tests/data/shell/pattern-oracle-cases.json','w'), indent=0)
print(len(cases))
