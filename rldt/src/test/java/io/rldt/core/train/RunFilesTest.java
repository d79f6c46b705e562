package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rldt.core.metrics.CsvSink;
import io.rldt.core.metrics.JsonlSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric files left by a kill or a full disk mid-record are cut back to whole records before a run resumes. */
class RunFilesTest {

    @Test
    void truncation_keeps_whole_records_up_to_the_checkpoint_and_drops_a_cut_one(@TempDir Path tmp) throws IOException {
        RunFiles files = new RunFiles(tmp);
        try (CsvSink csv = new CsvSink(files.metricsCsv()); JsonlSink jsonl = new JsonlSink(files.metricsJsonl())) {
            for (int i = 0; i < 4; i++) {
                csv.log(i, Map.of("a", 1.0 + i, "b", 2.0 * i));
                jsonl.log(i, Map.of("a", 1.0 + i, "b", 2.0 * i));
            }
        }
        String csv = Files.readString(files.metricsCsv()), jsonl = Files.readString(files.metricsJsonl());
        // The disk filled up in the middle of iteration 4's records: same cell count, last value cut ("7." of "7.5").
        Files.writeString(files.metricsCsv(), csv + "4,5.0,7.");
        Files.writeString(files.metricsJsonl(), jsonl + "{\"iteration\": 4, \"a\": 5.0, \"b\": 7.");
        files.truncateMetrics(99);
        assertEquals(csv, Files.readString(files.metricsCsv()), "the cut row is dropped, whole rows stay");
        assertEquals(jsonl, Files.readString(files.metricsJsonl()));

        files.truncateMetrics(1); // the checkpoint holds iterations 0..1
        assertEquals(3, Files.readAllLines(files.metricsCsv()).size(), "header and two rows");
        assertEquals(2, Files.readAllLines(files.metricsJsonl()).size());
        try (CsvSink again = new CsvSink(files.metricsCsv())) {
            again.log(2, Map.of("a", 3.0, "b", 4.0));
        }
        assertEquals(csv.lines().limit(4).toList(), Files.readAllLines(files.metricsCsv()), "the resumed run continues the file");

        Files.writeString(files.timingsCsv(), "iteration,time/it"); // not even the header was written whole
        files.truncateMetrics(1);
        assertFalse(Files.exists(files.timingsCsv()), "a file without one whole line starts again");
    }
}
