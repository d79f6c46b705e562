package io.rldt.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the CLI in-process and captures its exit code, standard output and error output. */
record Cli(int code, String out, String err) {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Tiny budgets for the bimodal bandit: seconds, but every part of the loop runs. */
    static final List<String> TINY_BANDIT = List.of("loop.iterations=3", "loop.evalEvery=2", "loop.envs=8",
            "loop.evalEpisodes=8", "loop.rounds=1", "critic.stepsPerRound=2", "actor.stepsPerRound=1",
            "actor.trajectoryStride=2", "actor.startIteration=0", "pretrain.steps=20", "pretrain.batchSize=32",
            "policy.hidden=16", "critic.hidden=16", "critic.layers=2", "task.demoEpisodes=256", "loop.threads=1");

    /** Tiny budgets for Pendulum-v1. */
    static final List<String> TINY_PENDULUM = List.of("loop.iterations=2", "loop.evalEvery=0", "loop.envs=2",
            "loop.chunkSteps=5", "loop.evalEpisodes=2", "loop.rounds=1", "critic.stepsPerRound=1",
            "actor.stepsPerRound=1", "pretrain.steps=10", "pretrain.batchSize=16", "policy.hidden=16",
            "critic.hidden=16", "critic.layers=2", "task.demoEpisodes=2", "loop.threads=1");

    static List<String> sets(List<String> keys) {
        List<String> a = new ArrayList<>();
        for (String k : keys) {
            a.add("--set");
            a.add(k);
        }
        return a;
    }

    static synchronized Cli run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    static synchronized Cli run(String... args) {
        StringWriter err = new StringWriter(), usage = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(), errBytes = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(usage, true));
            cmd.setErr(new PrintWriter(err, true));
            code = cmd.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Cli r = new Cli(code, usage + bytes.toString(StandardCharsets.UTF_8), err + errBytes.toString(StandardCharsets.UTF_8));
        oldOut.println("$ rldt " + String.join(" ", args) + "\n" + r.out + r.err + "[exit " + code + "]");
        return r;
    }
}
