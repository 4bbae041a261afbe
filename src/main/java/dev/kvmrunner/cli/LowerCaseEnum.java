package dev.kvmrunner.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Converts an option's value to a constant of an enum whose names users write in lower case
 * ({@code --order longest}), in any case; a wrong value gets the choices as the help shows them
 * (picocli's own converter lists the Java names, in capitals).
 */
final class LowerCaseEnum<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    private LowerCaseEnum(Class<E> type) {
        this.type = type;
    }

    /** Registers the converter for TYPE on COMMAND and its subcommands. */
    static <E extends Enum<E>> void register(CommandLine command, Class<E> type) {
        command.registerConverter(type, new LowerCaseEnum<>(type));
    }

    @Override
    public E convert(String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new CommandLine.TypeConversionException("expected one of "
                + Arrays.stream(type.getEnumConstants())
                        .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))
                + " but was '" + value + "'");
    }
}
