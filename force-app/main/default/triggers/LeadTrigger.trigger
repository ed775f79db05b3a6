trigger LeadTrigger on Lead(after insert, after update, after delete, after undelete) {
    new LeadTriggerHandler().run();
}
