package org.hearken.training;

import java.net.URI;
import java.util.List;
import org.hearken.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Training records and the report of staff holding open cases without current training. */
@RestController
@RequestMapping("/api/training")
class TrainingApiController {

    private final TrainingRecords training;

    TrainingApiController(TrainingRecords training) {
        this.training = training;
    }

    @GetMapping
    List<TrainingRecord> list(@RequestParam(required = false) String staff, Actor actor) {
        return training.list(staff, actor);
    }

    @PostMapping
    ResponseEntity<TrainingRecord> record(@RequestBody TrainingRecords.NewTraining body, Actor actor) {
        TrainingRecord r = training.record(body, actor);
        return ResponseEntity.created(URI.create("/api/training/" + r.id())).body(r);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, Actor actor) {
        training.delete(id, actor);
    }

    /** Staff holding open cases (that the caller may see) without training on the policy version in force. */
    @GetMapping("/report")
    List<UntrainedHolder> report(Actor actor) {
        return training.untrainedHolders(actor);
    }
}
