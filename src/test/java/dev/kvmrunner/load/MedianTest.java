package dev.kvmrunner.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void theMiddleValueOrTheMeanOfTheTwoMiddleOnesWhateverTheOrder() {
        double[] values = {5, 1, 3};
        assertThat(Median.of(values)).isEqualTo(3);
        assertThat(values).containsExactly(5, 1, 3); // left as it was
        assertThat(Median.of(List.of(4.0, 1.0, 2.0, 10.0))).isEqualTo(3);
    }

    @Test
    void noValuesHaveNoMedianOrAnUnknownZero() {
        assertThat(Median.of()).isNaN();
        assertThat(Median.orZero()).isZero();
    }
}
