package syncf.persistence.control;

import syncf.error.InvalidInput;

/** One page of a listing: at most {@code limit} rows after skipping {@code offset}. */
public record PageRequest(int limit, int offset) {

    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidPaging("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new InvalidPaging("offset must not be negative, got " + offset);
        }
    }

    /** Reads the query parameters as sent; a missing one takes its default. */
    public static PageRequest parse(String limit, String offset, int defaultLimit) {
        return new PageRequest(number("limit", limit, defaultLimit), number("offset", offset, 0));
    }

    private static int number(String name, String text, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidPaging(name + " must be a whole number, got \"" + text + "\"");
        }
    }

    public static class InvalidPaging extends InvalidInput {

        public InvalidPaging(String detail) {
            super(detail);
        }

        @Override
        public String slug() {
            return "invalid-paging";
        }

        @Override
        public String title() {
            return "Invalid paging parameters";
        }
    }
}
