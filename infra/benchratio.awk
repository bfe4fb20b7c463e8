# Reads `go test -bench` output (several -count runs) and prints each
# benchmark's median ns/op and its ratio to the baseline benchmark given as
# -v base=NAME (measured in the same run, since machines are noisy).
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  for (i = 2; i <= NF; i++) if ($(i) == "ns/op") { n[name]++; v[name, n[name]] = $(i-1) }
  for (i = 2; i <= NF; i++) if ($(i) == "allocs/op") allocs[name] = $(i-1)
}
function median(name,   k, j, t, m) {
  m = n[name]
  for (k = 1; k <= m; k++) s[k] = v[name, k]
  for (k = 1; k <= m; k++) for (j = k + 1; j <= m; j++) if (s[j] + 0 < s[k] + 0) { t = s[k]; s[k] = s[j]; s[j] = t }
  return (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
}
END {
  b = median(base)
  printf "%-34s %12s %10s %8s\n", "benchmark", "median ns/op", "allocs/op", "ratio"
  for (name in n) printf "%-34s %12.0f %10s %8.2f\n", name, median(name), allocs[name], (b > 0 ? median(name) / b : 0)
}
