package syncf.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape read as Prometheus reads the text format 0.0.4, and held to it strictly (no Java parser
 * of the format is published; this follows the format's specification, "Exposition formats", line
 * by line): every line a {@code # HELP}, a {@code # TYPE}, another comment or a sample; names and
 * label names of the allowed characters, label values with only the escapes {@code \\ \" \n};
 * values as Go parses floats ({@code NaN}, {@code +Inf}); each family declared once, before its
 * samples, with all its lines together; no series twice; a counter's samples never negative; a
 * histogram's buckets by {@code le}, cumulative, ending at {@code +Inf} equal to its
 * {@code _count}. Any breach is an AssertionError naming the line.
 */
record Exposition(Map<String, Family> families) {

    static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final Pattern FLOAT = Pattern.compile("[+-]?(Inf|NaN|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
    static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            Line at = new Line(i + 1, line);
            if (line.isBlank()) {
                continue;
            }
            String family;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                family = at.name(parts[0]);
                if (line.startsWith("# HELP ")) {
                    String help = parts.length > 1 ? at.unescapeHelp(parts[1]) : "";
                    Family known = families.get(family);
                    at.check(known == null || known.help() == null, "a second HELP for " + family);
                    families.put(family, new Family(family, known == null ? null : known.type(), help,
                            known == null ? new ArrayList<>() : known.samples()));
                } else {
                    at.check(parts.length == 2 && TYPES.contains(parts[1]), "no known type");
                    Family known = families.get(family);
                    at.check(known == null || known.type() == null, "a second TYPE for " + family);
                    at.check(known == null || known.samples().isEmpty(), "TYPE after samples of " + family);
                    families.put(family, new Family(family, parts[1], known == null ? null : known.help(),
                            known == null ? new ArrayList<>() : known.samples()));
                }
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                Sample sample = at.sample();
                family = familyOf(sample, families);
                at.check(family != null, "a sample of no family declared before it (a TYPE line first)");
                Family declared = families.get(family);
                at.check(declared.type() != null, "a sample of " + family + " before its TYPE");
                checkSuffix(at, declared, sample);
                at.check(series.add(sample.name() + new TreeMap<>(sample.labels())), "the same series twice");
                declared.samples().add(sample);
            }
            if (!family.equals(current)) {
                at.check(!closed.contains(family), "lines of " + family + " apart from its others");
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
        }
        families.values().stream().filter(f -> "histogram".equals(f.type())).forEach(Exposition::checkHistogram);
        return new Exposition(families);
    }

    /** The family a sample belongs to: its own name, or a histogram's or summary's whose suffix it has. */
    private static String familyOf(Sample sample, Map<String, Family> families) {
        if (families.containsKey(sample.name())) {
            return sample.name();
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.name().endsWith(suffix)) {
                String base = sample.name().substring(0, sample.name().length() - suffix.length());
                Family family = families.get(base);
                if (family != null && (family.type().equals("histogram") || family.type().equals("summary"))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static void checkSuffix(Line at, Family family, Sample sample) {
        switch (family.type()) {
            case "counter" -> at.check(!(sample.value() < 0), "a negative counter");
            case "histogram" -> {
                at.check(!sample.name().equals(family.name()), "a histogram's sample without _bucket, _sum or _count");
                at.check(sample.name().endsWith("_bucket") == sample.labels().containsKey("le"),
                        "a histogram's le label on other than its buckets, or a bucket without one");
            }
            default -> {
            }
        }
    }

    /** Per series (labels but le): buckets cumulative up to +Inf, which equals the count. */
    private static void checkHistogram(Family family) {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample sample : family.samples()) {
            Map<String, String> labels = new TreeMap<>(sample.labels());
            String le = labels.remove("le");
            if (le != null) {
                buckets.computeIfAbsent(labels, key -> new TreeMap<>()).put(parseFloat(le), sample.value());
            } else if (sample.name().endsWith("_count")) {
                counts.put(labels, sample.value());
            }
        }
        for (var series : buckets.entrySet()) {
            double previous = 0;
            for (double count : series.getValue().values()) {
                if (count < previous) {
                    throw new AssertionError(family.name() + series.getKey() + ": buckets not cumulative: " + series.getValue());
                }
                previous = count;
            }
            Double inf = series.getValue().get(Double.POSITIVE_INFINITY);
            if (inf == null || !inf.equals(counts.get(series.getKey()))) {
                throw new AssertionError(family.name() + series.getKey() + ": the +Inf bucket is not the count");
            }
        }
    }

    static double parseFloat(String value) {
        if (!FLOAT.matcher(value).matches()) {
            throw new AssertionError("not a float: " + value);
        }
        return switch (value.replace("+", "")) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    /** The value of the one sample named {@code name} with these labels (pairs of name and value) among its own. */
    double value(String name, String... labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + List.of(labels) + " in " + families.keySet());
        }
        return found.get(0).value();
    }

    List<Sample> samples(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return families.values().stream().flatMap(family -> family.samples().stream())
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(wanted.entrySet()))
                .toList();
    }

    /** One line of the text, for its checks and its messages. */
    private record Line(int number, String text) {

        void check(boolean holds, String breach) {
            if (!holds) {
                throw new AssertionError("line " + number + ": " + breach + ": " + text);
            }
        }

        String name(String name) {
            check(NAME.matcher(name).matches(), "not a metric name: " + name);
            return name;
        }

        String unescapeHelp(String help) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < help.length(); i++) {
                char c = help.charAt(i);
                if (c == '\\') {
                    check(i + 1 < help.length() && (help.charAt(i + 1) == '\\' || help.charAt(i + 1) == 'n'),
                            "an escape HELP does not have");
                    out.append(help.charAt(++i) == 'n' ? '\n' : '\\');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** {@code name[{label="value",...}] value [timestamp]} */
        Sample sample() {
            try {
                return parsedSample();
            } catch (IndexOutOfBoundsException e) {
                throw new AssertionError("line " + number + ": cut short: " + text);
            }
        }

        private Sample parsedSample() {
            Matcher name = NAME.matcher(text);
            check(name.lookingAt(), "no metric name");
            int i = name.end();
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < text.length() && text.charAt(i) == '{') {
                i++;
                while (text.charAt(i) != '}') {
                    Matcher label = LABEL_NAME.matcher(text).region(i, text.length());
                    check(label.lookingAt(), "no label name at " + i);
                    i = label.end();
                    check(text.startsWith("=\"", i), "no =\" after label " + label.group());
                    i += 2;
                    StringBuilder value = new StringBuilder();
                    while (text.charAt(i) != '"') {
                        char c = text.charAt(i++);
                        if (c == '\\') {
                            char escaped = text.charAt(i++);
                            check(escaped == '\\' || escaped == '"' || escaped == 'n', "an escape a label value does not have");
                            value.append(escaped == 'n' ? '\n' : escaped);
                        } else {
                            value.append(c);
                        }
                    }
                    i++;
                    check(labels.put(label.group(), value.toString()) == null, "label " + label.group() + " twice");
                    if (text.charAt(i) == ',') {
                        i++;
                    } else {
                        check(text.charAt(i) == '}', "no , or } after a label");
                    }
                }
                i++;
            }
            check(i < text.length() && text.charAt(i) == ' ', "no space before the value");
            String[] rest = text.substring(i + 1).split(" ");
            check(rest.length == 1 || rest.length == 2 && rest[1].matches("-?\\d+"), "not a value and a timestamp");
            double value;
            try {
                value = parseFloat(rest[0]);
            } catch (AssertionError e) {
                throw new AssertionError("line " + number + ": " + e.getMessage() + ": " + text);
            }
            return new Sample(name.group(), labels, value);
        }
    }
}
