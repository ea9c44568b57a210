package syncf.job.entity;

import syncf.error.InvalidInput;

public class InvalidInterval extends InvalidInput {

    public InvalidInterval(String detail) {
        super(detail);
    }

    @Override
    public String slug() {
        return "invalid-interval";
    }

    @Override
    public String title() {
        return "Invalid interval";
    }
}
