#!/usr/bin/env python3
"""Writes a realistic customers.csv and invoices.csv for benchmarks (deterministic for a seed)."""
import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "customers.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("code,name,email,phone,country,language,sales_rep,collector\n")
        for i in range(1, args.customers + 1):
            country = rnd.choice(["FR", "FR", "FR", "DE", "BE", "GB", "ES"])
            lang = "fr" if country in ("FR", "BE") else "en"
            f.write(f"C-{i:06d},Client {i} SARL,ap{i}@client{i}.example,+33 1 00 00 {i % 100:02d} {i % 97:02d},"
                    f"{country},{lang},rep{i % 40},col{i % 25}\n")
    # Big customers get more invoices, as in real ledgers (a Pareto-ish skew).
    weights = [1.0 / (1 + (i % 1000)) ** 0.5 for i in range(args.customers)]
    customers = rnd.choices(range(1, args.customers + 1), weights=weights, k=args.invoices)
    import datetime
    # Three years of invoices up to the benchmark's as-of day (2026-11-29), most of them recent.
    end = datetime.date(2026, 11, 25).toordinal()
    span = 3 * 365
    with open(os.path.join(args.out, "invoices.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("number,customer,issue_date,due_date,amount,currency\n")
        for n in range(1, args.invoices + 1):
            issue = datetime.date.fromordinal(end - span + n * span // args.invoices - rnd.randint(0, 20))
            due = issue + datetime.timedelta(days=rnd.choice((30, 30, 45, 60)))
            cents = int(rnd.lognormvariate(11, 1.1)) + 100
            f.write(f"INV-{n:08d},C-{customers[n - 1]:06d},{issue.isoformat()},{due.isoformat()},"
                    f"{cents // 100}.{cents % 100:02d},EUR\n")


if __name__ == "__main__":
    main()
