package dev.metering.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result table: one row per measured figure, with min/median/max over repeats; written as Markdown and CSV. */
public final class Results {

    public record Row(String stage, String metric, String unit, Stats stats, String note, List<Double> values) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    public void fact(String name, String value) {
        facts.put(name, value);
    }

    public Row add(String stage, String metric, String unit, List<Double> values, String note) {
        Row row = new Row(stage, metric, unit, Stats.of(values), note, List.copyOf(values));
        rows.add(row);
        System.out.printf(Locale.ROOT, "    %-10s %-45s %12s %s%n", stage, metric, fmt(row.stats().median()), unit);
        return row;
    }

    /**
     * A ratio row: {@code ours / theirs} (or {@code theirs / ours} when {@code invert}, for times) per repeat,
     * pairing the r-th values; when the counts differ, every pair of values is used.
     */
    public Row ratio(String metric, Row ours, Row theirs, boolean invert, String note) {
        List<Double> values = new ArrayList<>();
        if (ours != null && theirs != null) {
            List<Double> a = ours.values();
            List<Double> b = theirs.values();
            if (a.size() == b.size()) {
                for (int i = 0; i < a.size(); i++) {
                    values.add(invert ? b.get(i) / a.get(i) : a.get(i) / b.get(i));
                }
            } else {
                for (double x : a) {
                    for (double y : b) {
                        values.add(invert ? y / x : x / y);
                    }
                }
            }
        }
        return add("ratio", metric, "×", values, note);
    }

    public List<Row> rows() {
        return rows;
    }

    public Row find(String stage, String metric) {
        return rows.stream().filter(r -> r.stage().equals(stage) && r.metric().equals(metric)).findFirst().orElse(null);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# Benchmark results\n\n");
        facts.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append("\n| stage | metric | unit | min | median | max | note |\n| --- | --- | --- | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.stage(), r.metric(),
                    r.unit(), fmt(r.stats().min()), fmt(r.stats().median()), fmt(r.stats().max()),
                    r.note() == null ? "" : r.note()));
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("stage,metric,unit,min,median,max,note\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,\"%s\"%n", r.stage(), r.metric(), r.unit(),
                    r.stats().min(), r.stats().median(), r.stats().max(), r.note() == null ? "" : r.note()));
        }
        return sb.toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown());
        Files.writeString(dir.resolve("results.csv"), csv());
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
