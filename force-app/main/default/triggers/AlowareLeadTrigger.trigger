trigger AlowareLeadTrigger on Lead(after insert, after update, after delete, after undelete) {
    new AlowareLeadTriggerHandler().run();
}
