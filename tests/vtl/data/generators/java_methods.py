"""Template generator for ../oracle_differential.jsonl (see build.py): prints JSON lines."""

import json
import random
import sys

random.seed(int(sys.argv[1]))
strs = [
    "Hello World",
    "a,b,,c,,",
    ",a",
    "",
    "a1b2c3",
    "x.y.z",
    "  pad  ",
    "ÄÖü ß",
    "😀x😀",
    "a\nb\r\nc",
    "tab\there",
    "Mixed Case",
    "123",
    "-45",
    "+7",
    "3.14",
    "1e5",
    " 42 ",
    "0x1F",
    "abc",
    "a-b_c",
    "$5.00",
    "(x)",
    "a|b",
    "\\back",
]
regexes = [
    "l+",
    "\\d",
    "\\d+",
    "[a-z]+",
    "\\s+",
    ",",
    "\\.",
    ".",
    "[,.]",
    "(\\w)(\\w)",
    "^a",
    "c$",
    "\\W+",
    "[^a-z]",
    "(?i)hello",
    "a|b",
    "\\p{Alpha}+",
    "\\p{Lu}",
    "\\p{Punct}",
    "x*",
    "(?<n>o)",
    "[[:digit:]]",
    "\\Qa.b\\E",
    "\\bW",
    "\\s*,\\s*",
    "[a-c&&[b]]",
    "(",
    "[",
    "a{2}",
    "\\p{L}+",
    "\\t",
    "\\n",
    "$",
    "^",
    "(a)(b)?",
    "[\\w-]+",
    "\\-",
    "\\S+",
    "\\D+",
]
repls = ["_", "$1", "$2$1", "\\$", "${n}${n}", "X", "", "$0", "[$0]", "$", "\\\\", "$9", "a\\b"]
fmts = [
    "%s",
    "%d",
    "%05d",
    "%x",
    "%X",
    "%o",
    "%.2f",
    "%f",
    "%e",
    "%.3e",
    "%10s|",
    "%-10s|",
    "%,d",
    "%+d",
    "%b",
    "%c",
    "%%",
    "%n",
    "%s %s",
    "%2$s %1$s",
    "%(d",
    "% d",
    "%.1f",
    "%g",
    "%08.3f",
    "%S",
    "%h",
    "%q",
    "%5.1s",
]
fargs = [
    "'x'",
    "42",
    "-7",
    "3.14159",
    "0.5",
    "0.125",
    "1.005",
    "1e10",
    "2147483647",
    "true",
    "$nope",
    "[1, 2]",
    "'ab'",
    "65",
    "0.15",
    "0.25",
    "-0.0",
    "12345678",
]
nums = [
    "0.1",
    "1e7",
    "9999999.0",
    "0.001",
    "0.0001",
    "123456789.123",
    "1e-5",
    "100.0",
    "1.0E-10",
    "3.0e20",
    "0.3",
    "2.5e-3",
    "1e21",
    "1e22",
    "123.456",
    "4.35",
    "5e-324",
    "1.7976931348623157e308",
]
meths = []
for i in range(int(sys.argv[2])):
    r = random.random()
    s = random.choice(strs)
    if r < 0.2:
        t = f"$s.replaceAll('{random.choice(regexes)}', '{random.choice(repls)}')"
    elif r < 0.3:
        t = f"$s.replaceFirst('{random.choice(regexes)}', '{random.choice(repls)}')"
    elif r < 0.45:
        t = f"$s.matches('{random.choice(regexes)}')"
    elif r < 0.6:
        t = f"#set($a = $s.split('{random.choice(regexes)}'{random.choice(['', ', -1', ', 2', ', 0'])}))$a.size():#foreach($x in $a)[$x]#end"
    elif r < 0.75:
        t = f"$s.format('{random.choice(fmts)}', {random.choice(fargs)}{random.choice(['', ', ' + random.choice(fargs)])})"
    elif r < 0.85:
        t = f"#set($d = {random.choice(nums)})$d #set($e = $d * {random.choice(['1', '3', '0.1', '-1', '10'])})$e"
    else:
        t = "$s." + random.choice(
            [
                "toUpperCase()",
                "toLowerCase()",
                "trim()",
                "length()",
                "hashCode()",
                'indexOf("b")',
                'lastIndexOf("a")',
                "charAt(1)",
                "substring(1)",
                'replace("a", "")',
                'equalsIgnoreCase("HELLO WORLD")',
                'compareTo("b")',
                "isEmpty()",
                'contains("😀")',
                'startsWith("a", 1)',
                "codePointAt(0)",
                "chars()",
            ]
        )
    t += " " + random.choice(
        [
            "",
            "#set($i = 0)$i.parseInt($s)",
            "$i.parseInt('"
            + random.choice(["12", "-3", "+4", "x", "2147483648", " 1", "٣"])
            + "')",
            "$d.parseDouble('"
            + random.choice(["1.5", " 2 ", "NaN", "1e3f", "x", "0x1p3", "-Infinity"])
            + "')",
        ]
    )
    print(json.dumps({"id": str(i), "template": t, "context": {"s": s, "i": 0, "d": 0.5}}))
