package syncf.node.boundary;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * A servlet API object that answers the calls a test names and refuses every other one, so that
 * a test sees exactly what the code under test asked of the container.
 */
final class Fake {

    private Fake() {
    }

    static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(Fake.class.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args == null ? new Object[0] : args);
            }
            return switch (method.getName()) {
                case "toString" -> "fake " + type.getSimpleName();
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            };
        }));
    }
}
