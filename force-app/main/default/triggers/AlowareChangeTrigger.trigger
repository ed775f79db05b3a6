trigger AlowareChangeTrigger on Aloware_Change__e(after insert) {
    AlowareChangeSubscriber.deliver(Trigger.new);
}
