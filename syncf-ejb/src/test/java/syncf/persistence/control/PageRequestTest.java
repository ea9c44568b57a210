package syncf.persistence.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageRequestTest {

    @Test
    void missingParametersTakeTheirDefaults() {
        assertEquals(new PageRequest(50, 0), PageRequest.parse(null, null, 50));
        assertEquals(new PageRequest(50, 0), PageRequest.parse("", "", 50));
    }

    @Test
    void readsGivenParameters() {
        assertEquals(new PageRequest(10, 20), PageRequest.parse("10", "20", 50));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-1, 0", "1001, 0", "ten, 0", "10, -1", "10, x", "1.5, 0", "99999999999, 0"})
    void rejectsBadPaging(String limit, String offset) {
        assertThrows(PageRequest.InvalidPaging.class, () -> PageRequest.parse(limit, offset, 50));
    }
}
