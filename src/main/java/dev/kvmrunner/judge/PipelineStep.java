package dev.kvmrunner.judge;

import dev.kvmrunner.judge.sed.SedProgram;
import dev.kvmrunner.judge.sed.SedPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One filter of a sanitizer pipeline: one script, or a group of {@code .sed-f} scripts that
 * libreswan main runs as one {@code sed -f a -f b}. A sed step also knows its in-process
 * program, when the interpreter runs every command of it ({@link SedPrograms}).
 *
 * @param scripts the scripts (more than one only for a sed group)
 * @param program the in-process sed program, empty when the real program runs
 */
record PipelineStep(List<SanitizerScript> scripts, Optional<SedProgram> program) {

    /** The steps of a pipeline: {@code .sed-f} neighbours grouped, sed programs looked up when asked. */
    static List<PipelineStep> of(List<SanitizerScript> scripts, boolean inProcessSed) {
        return of(scripts, inProcessSed, false);
    }

    /**
     * As {@link #of(List, boolean)}; with {@code fuseSed} (and in-process sed) consecutive
     * single sed scripts that {@link SedMerge} allows to share one {@code sed -f a -f b} also
     * share one in-process program: each line is read once and goes through all of their
     * commands (with its character set made once, not once per script), instead of the whole
     * text going through one program after the other. SedMerge's rules are what make the
     * two give the same bytes; a group whose joint program the interpreter cannot run stays
     * as single steps.
     */
    static List<PipelineStep> of(List<SanitizerScript> scripts, boolean inProcessSed, boolean fuseSed) {
        List<PipelineStep> steps = grouped(scripts, inProcessSed);
        return inProcessSed && fuseSed ? fused(steps) : steps;
    }

    private static List<PipelineStep> fused(List<PipelineStep> steps) {
        List<PipelineStep> fused = new ArrayList<>();
        List<PipelineStep> run = new ArrayList<>();
        for (PipelineStep step : steps) {
            int kind = fusable(step) ? SedMerge.kind(step.scripts().get(0).file()) : 0;
            if (kind == 0 || (kind == 2 && !run.isEmpty())) {
                fuse(run, fused);
            }
            if (kind == 0) {
                fused.add(step);
            } else {
                run.add(step);
            }
        }
        fuse(run, fused);
        return List.copyOf(fused);
    }

    private static boolean fusable(PipelineStep step) {
        return step.single()
                && step.program().isPresent()
                && step.scripts().get(0).tool() == SanitizerScript.Tool.SED;
    }

    private static void fuse(List<PipelineStep> run, List<PipelineStep> fused) {
        if (run.size() > 1) {
            List<SanitizerScript> scripts =
                    run.stream().map(step -> step.scripts().get(0)).toList();
            Optional<SedProgram> program = SedPrograms.forFiles(
                            scripts.stream().map(SanitizerScript::file).toList())
                    .program();
            if (program.isPresent()) {
                fused.add(new PipelineStep(scripts, program));
                run.clear();
                return;
            }
        }
        fused.addAll(run);
        run.clear();
    }

    private static List<PipelineStep> grouped(List<SanitizerScript> scripts, boolean inProcessSed) {
        List<PipelineStep> steps = new ArrayList<>();
        List<SanitizerScript> group = null;
        for (SanitizerScript script : scripts) {
            if (script.sedGroup() && group != null) {
                group.add(script);
                continue;
            }
            if (group != null) {
                steps.add(step(group, inProcessSed));
                group = null;
            }
            if (script.sedGroup()) {
                group = new ArrayList<>(List.of(script));
            } else {
                steps.add(step(List.of(script), inProcessSed));
            }
        }
        if (group != null) {
            steps.add(step(group, inProcessSed));
        }
        return List.copyOf(steps);
    }

    private static PipelineStep step(List<SanitizerScript> scripts, boolean inProcessSed) {
        Optional<SedProgram> program = Optional.empty();
        if (inProcessSed && scripts.get(0).tool() == SanitizerScript.Tool.SED) {
            program = SedPrograms.forFiles(
                            scripts.stream().map(SanitizerScript::file).toList())
                    .program();
        }
        return new PipelineStep(List.copyOf(scripts), program);
    }

    /** A single script that may share a {@code sed -f a -f b} process with its neighbours ({@link SedMerge}). */
    boolean single() {
        return scripts.size() == 1 && !scripts.get(0).sedGroup();
    }

    /** A single perl script that a {@link PerlForkServer} can run like {@code perl FILE}. */
    boolean forkable() {
        return PerlForkServer.ENABLED
                && single()
                && scripts.get(0).tool() == SanitizerScript.Tool.PERL
                && PerlForkServer.suitable(scripts.get(0).file());
    }

    /** The command line that runs this step as a process. */
    List<String> command() {
        if (scripts.size() == 1) {
            return scripts.get(0).command();
        }
        List<String> command = new ArrayList<>(List.of("sed"));
        for (SanitizerScript script : scripts) {
            command.add("-f");
            command.add(script.file().toString());
        }
        return List.copyOf(command);
    }

    /** The commands of consecutive steps run as processes: single sed scripts merged where {@link SedMerge} allows. */
    static List<List<String>> commands(List<PipelineStep> steps, boolean mergeSed) {
        List<List<String>> commands = new ArrayList<>();
        List<SanitizerScript> singles = new ArrayList<>();
        for (PipelineStep step : steps) {
            if (step.single()) {
                singles.add(step.scripts().get(0));
                continue;
            }
            flush(singles, mergeSed, commands);
            commands.add(step.command());
        }
        flush(singles, mergeSed, commands);
        return commands;
    }

    private static void flush(List<SanitizerScript> singles, boolean mergeSed, List<List<String>> commands) {
        if (mergeSed) {
            commands.addAll(SedMerge.commands(singles));
        } else {
            singles.forEach(script -> commands.add(script.command()));
        }
        singles.clear();
    }
}
