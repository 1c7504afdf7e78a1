"""Prints models/models.json as the markdown table of models/README.md.

  /usr/bin/python3 models/scripts/manifest_table.py
"""
import json
import os

manifest = json.load(open(os.path.join(os.path.dirname(__file__), "..", "models.json")))
print("| name | data set | architecture | training | epochs | train time | clean acc. (10,000) | PGD-10 robust acc. (first 1,000) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for m in manifest["models"]:
    r, rob = m["recipe"], m["robust_accuracy"]
    method = "FGSM-RS" if r["steps"] == 1 else f"PGD-{r['steps']}"
    training = "natural" if r["norm"] is None else f"{method} {r['norm']} ε={r['eps']:g}"
    if r.get("eps_warmup"):
        training += f", ε ramped over the first {r['eps_warmup']:.0%}"
    print(f"| `{m['name']}` | {m['dataset']} | {m['architecture'].split(' (')[0]} | {training} | {r['epochs']} | "
          f"{r['train_seconds'] // 60} min | {m['clean_accuracy']:.2%} | {rob['value']:.2%} ({rob['norm']} ε={rob['eps']:g}) |")
