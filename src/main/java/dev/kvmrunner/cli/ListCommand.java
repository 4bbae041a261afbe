package dev.kvmrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "list", description = "placeholder")
public final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.OK;
    }
}
