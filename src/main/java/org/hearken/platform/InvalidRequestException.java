package org.hearken.platform;

import java.util.List;

/** The request is well-formed but asks for something invalid; answered with 400 and each problem listed. */
@org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.BAD_REQUEST)
public class InvalidRequestException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidRequestException(List<FieldProblem> problems) {
        super(
                problems.isEmpty()
                        ? "invalid request"
                        : problems.getFirst().field() + ": "
                                + problems.getFirst().message());
        this.problems = List.copyOf(problems);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
