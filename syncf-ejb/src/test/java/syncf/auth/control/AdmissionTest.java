package syncf.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static syncf.auth.control.Admission.ANONYMOUS_VIEWER;
import static syncf.auth.control.Admission.CHALLENGE;
import static syncf.auth.control.Admission.CHECK;
import static syncf.auth.control.Admission.LOCAL_OPERATOR;
import static syncf.auth.control.Admission.PASS;
import static syncf.auth.control.Admission.REFUSE_REMOTE;
import static syncf.auth.control.Admission.THROTTLED;

import org.junit.jupiter.api.Test;

class AdmissionTest {

    static final boolean CONFIGURED = true;
    static final boolean NONE = false;
    static final boolean LOOPBACK = true;
    static final boolean REMOTE = false;
    static final boolean GUARDED = true;
    static final boolean OPEN = false;

    @Test
    void withoutCredentialsAnyoneOnLoopbackIsTheLocalOperatorWhateverTheySend() {
        assertEquals(LOCAL_OPERATOR, Admission.of(NONE, LOOPBACK, GUARDED, false, false, false));
        assertEquals(LOCAL_OPERATOR, Admission.of(NONE, LOOPBACK, GUARDED, true, false, false));
        assertEquals(LOCAL_OPERATOR, Admission.of(NONE, LOOPBACK, OPEN, false, false, false));
    }

    @Test
    void withoutCredentialsARemoteRequestGetsNothingGuardedButHealth() {
        assertEquals(REFUSE_REMOTE, Admission.of(NONE, REMOTE, GUARDED, false, false, false));
        assertEquals(REFUSE_REMOTE, Admission.of(NONE, REMOTE, GUARDED, true, true, false), "not even open metrics");
        assertEquals(PASS, Admission.of(NONE, REMOTE, OPEN, false, false, false));
    }

    @Test
    void withCredentialsLoopbackIsNoExemption() {
        assertEquals(CHALLENGE, Admission.of(CONFIGURED, LOOPBACK, GUARDED, false, false, false));
        assertEquals(CHECK, Admission.of(CONFIGURED, LOOPBACK, GUARDED, true, false, false));
    }

    @Test
    void unguardedPathsPassWithOrWithoutCredentials() {
        assertEquals(PASS, Admission.of(CONFIGURED, REMOTE, OPEN, false, false, false));
        assertEquals(PASS, Admission.of(CONFIGURED, REMOTE, OPEN, true, false, true));
    }

    @Test
    void openMetricsNeedNoCredentialsButCheckThoseSent() {
        assertEquals(ANONYMOUS_VIEWER, Admission.of(CONFIGURED, REMOTE, GUARDED, false, true, false));
        assertEquals(CHECK, Admission.of(CONFIGURED, REMOTE, GUARDED, true, true, false));
    }

    @Test
    void aThrottledClientIsRefusedBeforeAnyCheck() {
        assertEquals(THROTTLED, Admission.of(CONFIGURED, REMOTE, GUARDED, true, false, true));
        assertEquals(CHALLENGE, Admission.of(CONFIGURED, REMOTE, GUARDED, false, false, true), "sending nothing costs no check");
    }
}
