package health.datasafe.report.breakglass;

/** Which break-glasses the register lists: those still to review (the queue), those reviewed, or all. */
enum ReviewStatus {
    OPEN, REVIEWED, ALL
}
