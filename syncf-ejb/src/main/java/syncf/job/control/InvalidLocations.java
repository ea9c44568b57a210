package syncf.job.control;

import syncf.error.InvalidInput;

/** Source and sink are each fine, but not together (same place, one inside the other, missing source). */
public class InvalidLocations extends InvalidInput {

    public InvalidLocations(String detail) {
        super(detail);
    }

    @Override
    public String slug() {
        return "invalid-locations";
    }

    @Override
    public String title() {
        return "Invalid source and sink";
    }
}
